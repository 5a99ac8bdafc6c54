// Scale subresource: a view of spec.replicas with its own resourceVersion precondition.
#include "sandbox/scale.h"

#include "sandbox/patch.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

json scale_of(const json& d) {
  const json& m = get_object(d, "metadata");
  json meta = {{"name", get_string(m, "name")},
               {"namespace", get_string(m, "namespace")},
               {"uid", get_string(m, "uid")},
               {"resourceVersion", get_string(m, "resourceVersion")},
               {"creationTimestamp", get_string(m, "creationTimestamp")}};
  std::string selector;
  const json& labels = get_object(get_object(get_object(d, "spec"), "selector"), "matchLabels");
  for (auto it = labels.begin(); it != labels.end(); ++it)
    if (it.value().is_string())
      selector += (selector.empty() ? "" : ",") + it.key() + "=" + it.value().get<std::string>();
  return {
      {"apiVersion", "autoscaling/v1"},
      {"kind", "Scale"},
      {"metadata", meta},
      {"spec", {{"replicas", get_int(get_object(d, "spec"), "replicas", 1)}}},
      {"status",
       {{"replicas", get_int(get_object(d, "status"), "replicas", 0)}, {"selector", selector}}}};
}

}  // namespace

Outcome get_scale(Cluster& c, const ResourceType& t, const std::string& ns,
                  const std::string& name) {
  Outcome o = c.get(t, ns, name);
  if (o.ok()) o.body = scale_of(o.body);
  return o;
}

Outcome put_scale(Cluster& c, const ResourceType& t, const std::string& ns, const std::string& name,
                  const json& scale, const WriteOptions& opts) {
  Outcome live = c.get(t, ns, name);
  if (!live.ok()) return live;
  if (!scale.is_object()) return Outcome::fail(bad_request("the body must be a Scale object"));
  const json& spec = get_object(scale, "spec");
  if (!spec.contains("replicas") || !spec["replicas"].is_number_integer() ||
      spec["replicas"].get<int64_t>() < 0)
    return Outcome::fail(
        invalid(t, name, "spec.replicas", "Invalid value: must be greater than or equal to 0"));
  std::string rv = get_string(get_object(scale, "metadata"), "resourceVersion");
  json next = live.body;
  next["spec"]["replicas"] = spec["replicas"];
  if (!rv.empty()) next["metadata"]["resourceVersion"] = rv;
  Outcome out = c.replace(t, ns, name, next, opts);
  if (out.ok()) out.body = scale_of(out.body);
  return out;
}

Outcome patch_scale(Cluster& c, const ResourceType& t, const std::string& ns,
                    const std::string& name, PatchKind kind, const std::string& body,
                    const WriteOptions& opts) {
  Outcome current = get_scale(c, t, ns, name);
  if (!current.ok()) return current;
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || kind == PatchKind::Apply)
    return Outcome::fail(bad_request("error decoding patch for the scale subresource"));
  json next = current.body;
  next["metadata"].erase("resourceVersion");
  if (kind == PatchKind::Json) {
    std::string err;
    if (!json_patch(current.body, doc, &next, &err))
      return Outcome::fail(bad_request("the JSON patch could not be applied: " + err));
  } else if (doc.is_object()) {
    next.merge_patch(doc);
  } else {
    return Outcome::fail(bad_request("the patch must be an object"));
  }
  return put_scale(c, t, ns, name, next, opts);
}

}  // namespace fedplan::sandbox
