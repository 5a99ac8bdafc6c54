// ObjectOps: apply, get, wait and delete of single objects.
#include "providers/kube/object_ops.h"

#include <algorithm>

#include "providers/kube/redact.h"

namespace fedplan::kube {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

// The manager named in a conflict message: conflict with "kubectl-client-side-apply" using v1.
std::string manager_in(const std::string& message) {
  size_t a = message.find('"');
  if (a == std::string::npos) return "";
  size_t b = message.find('"', a + 1);
  return b == std::string::npos ? "" : message.substr(a + 1, b - a - 1);
}

ValuePath field_to_path(const std::string& field) {
  ValuePath p = {PathStep::attr("manifest")};
  std::string err;
  auto steps = parse_json_path(field, &err);
  if (!steps) return p;
  p.insert(p.end(), steps->begin(), steps->end());
  return p;
}

}  // namespace

std::string conflict_detail(const json& status) {
  std::string out;
  if (status.contains("details") && status["details"].is_object() &&
      status["details"].contains("causes") && status["details"]["causes"].is_array()) {
    for (const json& c : status["details"]["causes"]) {
      if (!c.is_object()) continue;
      std::string field = c.value("field", "");
      std::string manager = manager_in(c.value("message", ""));
      out += "  - " + (field.empty() ? std::string("(a field)") : field);
      if (!manager.empty()) out += " is managed by \"" + manager + "\"";
      out += "\n";
    }
  }
  if (out.empty() && status.is_object()) out = "  " + status.value("message", "") + "\n";
  return "Another field manager owns fields this manifest sets:\n" + out +
         "Either leave these fields out of the manifest, change the other manager, or set "
         "force_conflicts = true to take ownership of them.";
}

json with_type(json item, const std::string& api_version, const std::string& kind) {
  if (item.is_object()) {
    if (!item.contains("apiVersion")) item["apiVersion"] = api_version;
    if (!item.contains("kind")) item["kind"] = kind;
  }
  return item;
}

OpError ObjectOps::failure(const ApiResult& r, const std::string& what) const {
  OpError e;
  e.summary = what + " failed";
  e.detail = describe_failure(r, what, client_.access());
  e.unreachable = r.unreachable();
  e.not_found = r.status == 404;
  // Never retryable for the engine: the transport (RetryingTransport, docs/http.md) already
  // retried what is worth retrying, 5 attempts in all; the engine sending it again multiplied
  // them (4 x 5 DELETEs).
  e.retryable = false;
  return e;
}

bool ObjectOps::locate(const ObjectRef& ref, bool wait_for_kind, Located* out, OpError* err) {
  Clock& clock = client_.clock();
  auto deadline = clock.now() + tuning_.kind_wait;
  milliseconds delay = tuning_.first_poll;
  while (true) {
    DiscoveryLookup l = discovery_.find(ref.api_version, ref.kind);
    if (!l.error.empty()) {
      err->summary = "Cannot discover " + ref.kind + " (" + ref.api_version + ")";
      err->detail = l.error;
      err->unreachable = l.unreachable;
      err->retryable = false;  // discovery's requests were retried by the transport
      return false;
    }
    if (l.info) {
      out->info = *l.info;
      if (l.info->namespaced) {
        out->ns = ref.ns.empty() ? client_.access().default_namespace : ref.ns;
      } else if (!ref.ns.empty()) {
        err->summary = ref.kind + " is cluster-scoped";
        err->detail = ref.display() + " sets metadata.namespace, but " + ref.kind + " (" +
                      ref.api_version + ") objects have no namespace; remove metadata.namespace.";
        return false;
      }
      out->path = out->info.path(out->ns, ref.name);
      return true;
    }
    if (!wait_for_kind || clock.now() >= deadline) break;
    clock.sleep_for(delay);
    delay = std::min(tuning_.max_poll, delay * 3 / 2);
  }
  err->summary = "Unknown kind " + ref.kind;
  err->detail = "The cluster does not serve kind " + ref.kind + " in " + ref.api_version +
                ". If a CustomResourceDefinition defines it, apply that first (depends_on), "
                "and check the apiVersion's group and version.";
  err->missing_kind = true;
  return false;
}

bool ObjectOps::apply(const Located& where, const ObjectRef& ref, const json& manifest,
                      const std::vector<ValuePath>& sensitive, bool force, bool dry_run, json* live,
                      OpError* err, bool* existed) {
  ApiResult r = client_.apply(where.path, manifest, force, dry_run);
  if (r.ok()) {
    if (existed) *existed = r.status != 201;
    *live = with_type(std::move(r.body), ref.api_version, ref.kind);
    return true;
  }
  std::string what = std::string(dry_run ? "Dry-run apply of " : "Apply of ") + ref.display();
  std::vector<std::string> secrets = sensitive_strings(manifest, sensitive);
  if (r.field_manager_conflict()) {
    err->summary = "Field conflict applying " + ref.display();
    err->detail = redact(conflict_detail(r.body), secrets);
    err->conflicts = conflicts_of(r.body);
    if (existed) *existed = true;  // fields of it have other managers
    return false;
  }
  *err = failure(r, what);
  err->detail = redact(std::move(err->detail), secrets);
  if (r.status == 422 && r.body.contains("details") && r.body["details"].is_object() &&
      r.body["details"].contains("causes") && r.body["details"]["causes"].is_array()) {
    for (const json& c : r.body["details"]["causes"]) {
      if (!c.is_object()) continue;
      if (c.value("message", "").find("immutable") == std::string::npos) continue;
      std::string field = c.value("field", "");
      if (!field.empty()) err->immutable_fields.push_back(field_to_path(field));
    }
  }
  return false;
}

bool ObjectOps::get(const Located& where, json* live, OpError* err) {
  ApiResult r = client_.get(where.path);
  if (r.status == 404) {
    *live = json();
    return true;
  }
  if (!r.ok()) {
    *err = failure(r, "Reading " + where.path);
    return false;
  }
  *live = with_type(std::move(r.body), where.info.api_version(), where.info.kind);
  return true;
}

bool ObjectOps::wait(const Located& where, const ObjectRef& ref, const WaitSpec& spec, json* live,
                     OpError* err) {
  Clock& clock = client_.clock();
  auto deadline = clock.now() + spec.timeout;
  milliseconds delay = tuning_.first_poll;
  WaitCheck check = check_wait(spec, *live);
  while (!check.done) {
    if (clock.now() >= deadline) {
      err->summary = "Timed out waiting for " + ref.display();
      err->detail = "After " + std::to_string(spec.timeout.count() / 1000) +
                    "s still waiting for " + check.waiting_for +
                    ". The object was applied; raise wait.timeout or check its controller.";
      return false;
    }
    clock.sleep_for(std::min(
        delay, std::chrono::duration_cast<milliseconds>(deadline - clock.now() + milliseconds(1))));
    delay = std::min(tuning_.max_poll, delay * 3 / 2);
    json next;
    if (!get(where, &next, err)) return false;
    if (next.is_null()) {
      err->summary = ref.display() + " disappeared";
      err->detail = "The object was deleted while waiting for " + check.waiting_for + ".";
      return false;
    }
    *live = std::move(next);
    check = check_wait(spec, *live);
  }
  return true;
}

bool ObjectOps::remove(const Located& where, const ObjectRef& ref, milliseconds timeout,
                       OpError* err) {
  ApiResult r = client_.remove(where.path, "Foreground");
  if (r.status == 404) return true;
  if (!r.ok()) {
    *err = failure(r, "Deleting " + ref.display());
    return false;
  }
  Clock& clock = client_.clock();
  auto deadline = clock.now() + timeout;
  milliseconds delay = tuning_.first_poll;
  while (true) {
    json live;
    if (!get(where, &live, err)) return false;
    if (live.is_null()) return true;
    if (clock.now() >= deadline) {
      err->summary = "Timed out deleting " + ref.display();
      std::string finalizers;
      const json* f = json_at(live, {PathStep::attr("metadata"), PathStep::attr("finalizers")});
      if (f && f->is_array())
        for (const json& x : *f) finalizers += (finalizers.empty() ? "" : ", ") + json_text(x);
      err->detail = "It still exists after " + std::to_string(timeout.count() / 1000) + "s" +
                    (finalizers.empty() ? "" : " (finalizers: " + finalizers + ")") +
                    "; raise delete_timeout or check what holds it.";
      return false;
    }
    clock.sleep_for(delay);
    delay = std::min(tuning_.max_poll, delay * 3 / 2);
  }
}

}  // namespace fedplan::kube
