// Data sources: one GET (waiting, when asked, until the object exists and holds a state), or
// a paginated LIST.
#include "providers/kube/data_sources.h"

#include "providers/kube/projection.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

// The resource for api_version + kind, or for kind alone through discovery.
bool resolve(KubeRuntime& rt, const std::string& api_version, const std::string& kind,
             ResourceInfo* out, Diagnostics& diags) {
  DiscoveryLookup l = api_version.empty() ? rt.ops.discovery().find_kind(kind)
                                          : rt.ops.discovery().find(api_version, kind);
  if (!l.error.empty()) {
    diags.error("Cannot discover " + kind, l.error);
    return false;
  }
  if (!l.info) {
    diags.error(
        "Unknown kind " + kind,
        "The cluster does not serve kind " + kind +
            (api_version.empty() ? std::string(" in any API group") : " in " + api_version) +
            ". Check the spelling (kinds are CamelCase, e.g. ConfigMap).");
    return false;
  }
  *out = *l.info;
  return true;
}

// "after 2.5s" / "after 300s": how long a wait lasted, as its timeout was written in seconds.
std::string data_wait_elapsed(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return "after " + std::to_string(timeout.count() / 1000) + "s";
  return "after " + format_number(static_cast<double>(timeout.count()) / 1000.0) + "s";
}

// Reads the object at `where` until it exists and `spec` holds, or the timeout passes: for
// objects others make (an operator's CSV, a CRD, a load balancer's address), as `kubectl
// wait` does. With on_timeout = "continue", an object that exists is returned as it is when
// the time is up; its reader decides what a missing field means.
bool read_waiting(KubeRuntime& rt, const Located& where, const ObjectRef& ref, const WaitSpec& spec,
                  json* live, Diagnostics& diags) {
  Clock& clock = rt.ops.client().clock();
  auto deadline = clock.now() + spec.timeout;
  std::chrono::milliseconds delay = rt.ops.tuning().first_poll;
  OpError e;
  while (true) {
    if (!rt.ops.get(where, live, &e)) {
      diags.error(e.summary, e.detail);
      return false;
    }
    WaitCheck check;
    if (!live->is_null()) {
      check = check_wait(spec, *live);
      if (check.done) return true;
    }
    if (clock.now() >= deadline) {
      if (spec.continue_on_timeout && !live->is_null()) return true;
      const ClusterAccess& access = rt.ops.client().access();
      std::string what = live->is_null() ? "the object still does not exist"
                                         : "still waiting for " + check.waiting_for;
      std::string hint = spec.error_message.empty()
                             ? (live->is_null() ? " Raise wait.timeout or check what makes it."
                                                : " Raise wait.timeout or check its controller.")
                             : " " + spec.error_message;
      diags.error("Timed out waiting for " + ref.display(),
                  "The data source read the cluster at " + access.server + " (" + access.source +
                      ") " + data_wait_elapsed(spec.timeout) + ": " + what + "." + hint);
      return false;
    }
    clock.sleep_for(std::min(
        delay, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock.now()) +
                   std::chrono::milliseconds(1)));
    delay = std::min(rt.ops.tuning().max_poll, delay * 3 / 2);
  }
}

}  // namespace

DocState read_data_source(KubeRuntime& rt, const std::string& type, const Doc& config) {
  DocState r;
  std::string api_version = string_attr(config, "api_version");
  std::string kind = string_attr(config, "kind");
  std::string ns = string_attr(config, "namespace");
  if (kind.empty()) {
    r.diags.error("Missing kind", "The data source needs kind.");
    return r;
  }
  ResourceInfo info;
  if (!resolve(rt, api_version, kind, &info, r.diags)) return r;
  const ClusterAccess& access = rt.ops.client().access();

  if (type == "kube_object") {
    std::string name = string_attr(config, "name");
    if (name.empty()) {
      r.diags.error("Missing name", "The kube_object data source needs name.");
      return r;
    }
    if (info.namespaced && ns.empty()) ns = access.default_namespace;
    Located where{info, info.namespaced ? ns : "", info.path(ns, name)};
    json live;
    OpError e;
    if (!rt.ops.get(where, &live, &e)) {
      r.diags.error(e.summary, e.detail);
      return r;
    }
    ObjectRef ref{info.api_version(), kind, where.ns, name};
    std::string err;
    std::optional<WaitSpec> wait = parse_wait(config.at("wait"), &err);
    if (!err.empty()) {
      r.diags.error("Invalid wait block", err);
      return r;
    }
    if (wait && !read_waiting(rt, where, ref, *wait, &live, r.diags)) return r;
    if (live.is_null()) {
      r.diags.error(ref.display() + " not found",
                    "The object does not exist (yet). If fedplan creates it, or an operator "
                    "does after something fedplan creates, add depends_on.");
      return r;
    }
    r.state = config;
    r.state.set("api_version", Doc{info.api_version()});
    r.state.set("object", marked(clean_live_object(std::move(live)), {}));
    return r;
  }

  // kube_objects: LIST, 500 at a time.
  QueryParams q;
  if (std::string s = string_attr(config, "label_selector"); !s.empty())
    q.push_back({"labelSelector", s});
  if (std::string s = string_attr(config, "field_selector"); !s.empty())
    q.push_back({"fieldSelector", s});
  q.push_back({"limit", "500"});
  std::string path = info.path(info.namespaced ? ns : "", "");
  Doc objects{json::array()};
  std::string cont;
  do {
    QueryParams page = q;
    if (!cont.empty()) page.push_back({"continue", cont});
    ApiResult l = rt.ops.client().list(path, page);
    if (!l.ok()) {
      r.diags.error("Listing " + kind + " failed", describe_failure(l, "LIST " + path, access));
      return r;
    }
    if (l.body.contains("items") && l.body["items"].is_array())
      for (json& item : l.body["items"])
        objects.push_back(
            marked(clean_live_object(with_type(std::move(item), info.api_version(), kind)), {}));
    cont.clear();
    if (l.body.contains("metadata") && l.body["metadata"].is_object())
      cont = l.body["metadata"].value("continue", "");
  } while (!cont.empty());
  r.state = config;
  r.state.set("api_version", Doc{info.api_version()});
  r.state.set("objects", std::move(objects));
  return r;
}

}  // namespace fedplan::kube
