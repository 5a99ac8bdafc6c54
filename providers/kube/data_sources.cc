// Data sources: one GET, or a paginated LIST.
#include "providers/kube/data_sources.h"

#include "providers/kube/projection.h"
#include "providers/kube/values.h"

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

}  // namespace

ReadResult read_data_source(KubeRuntime& rt, const std::string& type, const Value& config) {
  ReadResult r;
  std::string api_version = attr_string(config, "api_version");
  std::string kind = attr_string(config, "kind");
  std::string ns = attr_string(config, "namespace");
  if (kind.empty()) {
    r.diags.error("Missing kind", "The data source needs kind.");
    return r;
  }
  ResourceInfo info;
  if (!resolve(rt, api_version, kind, &info, r.diags)) return r;
  const ClusterAccess& access = rt.ops.client().access();

  if (type == "kube_object") {
    std::string name = attr_string(config, "name");
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
    if (live.is_null()) {
      r.diags.error(ref.display() + " not found",
                    "The object does not exist (yet). If fedplan creates it, or an operator "
                    "does after something fedplan creates, add depends_on.");
      return r;
    }
    r.state = with_attrs(config, {{"api_version", Value::string(info.api_version())},
                                  {"object", value_with_marks(clean_live_object(live), {})}});
    return r;
  }

  // kube_objects: LIST, 500 at a time.
  QueryParams q;
  if (std::string s = attr_string(config, "label_selector"); !s.empty())
    q.push_back({"labelSelector", s});
  if (std::string s = attr_string(config, "field_selector"); !s.empty())
    q.push_back({"fieldSelector", s});
  q.push_back({"limit", "500"});
  std::string path = info.path(info.namespaced ? ns : "", "");
  ValueList objects;
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
        objects.push_back(value_with_marks(
            clean_live_object(with_type(std::move(item), info.api_version(), kind)), {}));
    cont.clear();
    if (l.body.contains("metadata") && l.body["metadata"].is_object())
      cont = l.body["metadata"].value("continue", "");
  } while (!cont.empty());
  r.state = with_attrs(config, {{"api_version", Value::string(info.api_version())},
                                {"objects", Value::tuple(std::move(objects))}});
  return r;
}

}  // namespace fedplan::kube
