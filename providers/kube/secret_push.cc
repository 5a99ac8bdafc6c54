// Secret writes and istiod restarts for the resources whose secrets are pushed, never stored.
#include "providers/kube/secret_push.h"

#include "providers/kube/secret_rotation.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

bool secret_located(KubeRuntime& rt, const std::string& ns, const std::string& name, Located* where,
                    OpError* err) {
  return rt.ops.locate(ObjectRef{"v1", "Secret", ns, name}, false, where, err);
}

OpError push_api_error(const ApiResult& r, const std::string& what) {
  OpError e;
  e.summary = what;
  e.detail = r.message();
  e.retryable = r.status == 0 || r.status >= 500 || r.status == 429;
  e.unreachable = r.unreachable();
  return e;
}

int64_t push_int(const json& j, const char* key, int64_t fallback) {
  const json& v = member(j, key);
  return v.is_number_integer() ? v.get<int64_t>() : fallback;
}

}  // namespace

bool push_secret(KubeRuntime& rt, const PushedSecret& s, json* live, OpError* err) {
  ObjectRef ref{"v1", "Secret", s.ns, s.name};
  Located where;
  if (!rt.ops.locate(ref, false, &where, err)) return false;
  json metadata = {{"name", s.name}, {"namespace", s.ns}};
  if (!s.labels.empty()) metadata["labels"] = s.labels;
  if (!s.annotations.empty()) metadata["annotations"] = s.annotations;
  json manifest = {{"apiVersion", "v1"},
                   {"kind", "Secret"},
                   {"metadata", metadata},
                   {"type", "Opaque"},
                   {"data", s.data}};
  return rt.ops.apply(where, ref, manifest, {}, true, false, live, err);
}

bool read_secret(KubeRuntime& rt, const std::string& ns, const std::string& name, json* live,
                 OpError* err) {
  Located where;
  return secret_located(rt, ns, name, &where, err) && rt.ops.get(where, live, err);
}

bool delete_secret(KubeRuntime& rt, const std::string& ns, const std::string& name, OpError* err) {
  Located where;
  return secret_located(rt, ns, name, &where, err) &&
         rt.ops.remove(where, ObjectRef{"v1", "Secret", ns, name}, rt.ops.tuning().delete_timeout,
                       err);
}

bool rollout_done(const json& d) {
  const json& md = member(d, "metadata");
  const json& status = member(d, "status");
  int64_t replicas = push_int(member(d, "spec"), "replicas", 1);
  if (push_int(status, "observedGeneration", 0) < push_int(md, "generation", 1)) return false;
  if (replicas == 0) return true;
  return push_int(status, "updatedReplicas", 0) >= replicas &&
         push_int(status, "availableReplicas", 0) >= replicas;
}

bool restart_istiod(KubeRuntime& rt, const std::string& ns, std::chrono::milliseconds timeout,
                    std::vector<std::string>* restarted, OpError* err) {
  KubeClient& client = rt.ops.client();
  std::string base = "/apis/apps/v1/namespaces/" + ns + "/deployments";
  ApiResult list = client.list(base, {{"labelSelector", "app=istiod"}});
  if (!list.ok()) {
    *err = push_api_error(list, "Listing the istiod Deployments of namespace " + ns);
    return false;
  }
  Clock& clock = client.clock();
  std::vector<std::string> names;
  for (const json& item : member(list.body, "items"))
    names.push_back(member(member(item, "metadata"), "name").get<std::string>());
  std::string at = format_utc(clock.now());
  json patch = {
      {"spec",
       {{"template",
         {{"metadata", {{"annotations", {{"kubectl.kubernetes.io/restartedAt", at}}}}}}}}}};
  for (const std::string& name : names) {
    ApiResult r = client.send("PATCH", base + "/" + name, {}, patch.dump(),
                              "application/merge-patch+json", false);
    if (!r.ok()) {
      *err = push_api_error(r, "Restarting Deployment " + ns + "/" + name);
      return false;
    }
    restarted->push_back(ns + "/" + name);
  }
  auto deadline = clock.now() + timeout;
  std::chrono::milliseconds delay = rt.ops.tuning().first_poll;
  for (const std::string& name : names) {
    for (;;) {
      ApiResult r = client.get(base + "/" + name);
      if (r.not_found()) break;  // deleted meanwhile: nothing left to pick the secret up
      if (r.ok() && rollout_done(r.body)) break;
      if (clock.now() >= deadline) {
        err->summary = "Timed out waiting for the rollout of Deployment " + ns + "/" + name;
        err->detail =
            "istiod was restarted to pick up the rotated secret, but its rollout did "
            "not finish in time; check `kubectl -n " +
            ns + " rollout status deployment/" + name + "`.";
        return false;
      }
      clock.sleep_for(delay);
      delay = std::min(rt.ops.tuning().max_poll, delay * 3 / 2);
    }
  }
  return true;
}

}  // namespace fedplan::kube
