// The sandbox's kinds and discovery: built-in types, CRD registration with its validation,
// and the /api, /apis and /apis/GROUP/VERSION documents kubectl reads.
#include "sandbox/registry.h"
#include "sandbox/meta.h"

#include <algorithm>
#include <map>
#include <set>

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

ResourceType make(std::string group, std::string version, std::string kind, std::string plural,
                  bool namespaced, std::vector<std::string> short_names = {},
                  bool has_status = false) {
  ResourceType t;
  t.group = std::move(group);
  t.version = std::move(version);
  t.kind = std::move(kind);
  t.plural = std::move(plural);
  t.singular = t.kind;
  std::transform(t.singular.begin(), t.singular.end(), t.singular.begin(), ::tolower);
  t.list_kind = t.kind + "List";
  t.namespaced = namespaced;
  t.short_names = std::move(short_names);
  t.has_status = has_status;
  t.schema = schema_for_kind(t.kind);
  t.openapi = builtin_openapi(t.kind);
  return t;
}

// Order of preference of versions, as Kubernetes sorts them: GA, then beta, then alpha.
int version_rank(const std::string& v) {
  if (v.find("alpha") != std::string::npos) return 2;
  if (v.find("beta") != std::string::npos) return 1;
  return 0;
}

bool is_dns_label(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return s.front() != '-' && s.back() != '-';
}

json resource_entry(const ResourceType& t, const std::string& name, const std::string& kind,
                    std::vector<std::string> verbs) {
  json r = {{"name", name},
            {"singularName", name.find('/') == std::string::npos ? t.singular : ""},
            {"namespaced", t.namespaced},
            {"kind", kind},
            {"verbs", verbs}};
  if (name.find('/') == std::string::npos) {
    if (!t.short_names.empty()) r["shortNames"] = t.short_names;
    if (!t.categories.empty()) r["categories"] = t.categories;
  }
  return r;
}

}  // namespace

Registry Registry::with_builtins() {
  Registry r;
  ResourceType ns = make("", "v1", "Namespace", "namespaces", false, {"ns"}, true);
  ns.verbs = {"create", "delete", "get", "list", "patch", "update", "watch"};
  ns.columns = {{"Status", "string", ".status.phase", "The phase of the namespace"}};
  r.add(ns);
  ResourceType cm = make("", "v1", "ConfigMap", "configmaps", true, {"cm"});
  r.add(cm);
  ResourceType secret = make("", "v1", "Secret", "secrets", true);
  secret.columns = {{"Type", "string", ".type", ""}};
  r.add(secret);
  ResourceType svc = make("", "v1", "Service", "services", true, {"svc"}, true);
  svc.categories = {"all"};
  svc.verbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
  svc.columns = {{"Type", "string", ".spec.type", ""},
                 {"Cluster-IP", "string", ".spec.clusterIP", ""},
                 {"External-IP", "string", ".status.loadBalancer.ingress[*].ip", ""},
                 {"Port(s)", "string", ".spec.ports", ""}};
  r.add(svc);
  r.add(make("", "v1", "ServiceAccount", "serviceaccounts", true, {"sa"}));
  ResourceType node = make("", "v1", "Node", "nodes", false, {"no"}, true);
  node.columns = {{"Status", "string", ".status.conditions", ""},
                  {"Version", "string", ".status.nodeInfo.kubeletVersion", ""}};
  r.add(node);
  r.add(make("", "v1", "Event", "events", true, {"ev"}));
  ResourceType deploy = make("apps", "v1", "Deployment", "deployments", true, {"deploy"}, true);
  deploy.categories = {"all"};
  deploy.columns = {{"Ready", "string", ".status.readyReplicas", ""},
                    {"Up-to-date", "integer", ".status.updatedReplicas", ""},
                    {"Available", "integer", ".status.availableReplicas", ""}};
  r.add(deploy);
  ResourceType route = make("route.openshift.io", "v1", "Route", "routes", true, {}, true);
  route.categories = {"all"};
  route.columns = {{"Host", "string", ".spec.host", ""},
                   {"Services", "string", ".spec.to.name", ""}};
  r.add(route);
  r.add(make("coordination.k8s.io", "v1", "Lease", "leases", true));
  ResourceType crd = make("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                          "customresourcedefinitions", false, {"crd", "crds"}, true);
  crd.categories = {"api-extensions"};
  crd.columns = {{"Created At", "date", ".metadata.creationTimestamp", ""}};
  r.add(crd);
  return r;
}

void Registry::add(ResourceType t) {
  if (!t.schema) t.schema = schema_for_kind(t.kind);
  types_.push_back(std::move(t));
}

std::string validate_crd(const json& crd) {
  std::string name = get_string(get_object(crd, "metadata"), "name");
  std::string prefix =
      "CustomResourceDefinition.apiextensions.k8s.io \"" + name + "\" is invalid: ";
  if (!crd.contains("spec") || !crd["spec"].is_object()) return prefix + "spec: Required value";
  const json& spec = crd["spec"];
  std::string group = get_string(spec, "group");
  if (group.empty() || group.find('.') == std::string::npos)
    return prefix + "spec.group: Invalid value: \"" + group +
           "\": should be a domain with at least one dot";
  const json& names = get_object(spec, "names");
  std::string plural = get_string(names, "plural");
  std::string kind = get_string(names, "kind");
  if (!is_dns_label(plural)) return prefix + "spec.names.plural: Invalid value: \"" + plural + "\"";
  if (kind.empty()) return prefix + "spec.names.kind: Required value";
  if (name != plural + "." + group)
    return prefix + "metadata.name: Invalid value: \"" + name +
           "\": must be spec.names.plural+\".\"+spec.group";
  std::string scope = get_string(spec, "scope");
  if (scope != "Namespaced" && scope != "Cluster")
    return prefix + "spec.scope: Unsupported value: \"" + scope +
           "\": supported values: \"Cluster\", \"Namespaced\"";
  if (!spec.contains("versions") || !spec["versions"].is_array() || spec["versions"].empty())
    return prefix +
           "spec.versions: Invalid value: null: must have exactly one version marked as storage "
           "version";
  int storage = 0;
  std::set<std::string> seen;
  for (const json& v : spec["versions"]) {
    if (!v.is_object() || !v.contains("name") || !v["name"].is_string())
      return prefix + "spec.versions.name: Required value";
    if (!seen.insert(v["name"].get<std::string>()).second)
      return prefix + "spec.versions: Invalid value: must contain unique version names";
    if (get_bool(v, "storage", false)) ++storage;
  }
  if (storage != 1)
    return prefix +
           "spec.versions: Invalid value: must have exactly one version marked as storage version";
  return "";
}

bool Registry::add_crd(const json& crd, std::string* err) {
  *err = validate_crd(crd);
  if (!err->empty()) return false;
  std::string name = crd["metadata"]["name"].get<std::string>();
  const json& spec = crd["spec"];
  const json& names = spec["names"];
  std::string group = spec["group"].get<std::string>();
  std::string plural = names["plural"].get<std::string>();
  for (const ResourceType& t : types_)
    if (t.group == group && t.plural == plural && t.crd != name) {
      *err = "resource " + plural + "." + group + " is already served";
      return false;
    }
  remove_crd(name);
  for (const json& v : spec["versions"]) {
    if (!get_bool(v, "served", true)) continue;
    ResourceType t;
    t.group = group;
    t.version = v["name"].get<std::string>();
    t.kind = names["kind"].get<std::string>();
    t.plural = plural;
    t.singular = get_string(names, "singular");
    if (t.singular.empty()) {
      t.singular = t.kind;
      std::transform(t.singular.begin(), t.singular.end(), t.singular.begin(), ::tolower);
    }
    t.list_kind = get_string(names, "listKind", t.kind + "List");
    t.namespaced = spec["scope"] == "Namespaced";
    if (names.contains("shortNames") && names["shortNames"].is_array())
      for (const json& s : names["shortNames"])
        if (s.is_string()) t.short_names.push_back(s.get<std::string>());
    if (names.contains("categories") && names["categories"].is_array())
      for (const json& s : names["categories"])
        if (s.is_string()) t.categories.push_back(s.get<std::string>());
    t.has_status = v.contains("/subresources/status"_json_pointer);
    t.storage = get_bool(v, "storage", false);
    t.crd = name;
    if (v.contains("additionalPrinterColumns") && v["additionalPrinterColumns"].is_array())
      for (const json& c : v["additionalPrinterColumns"])
        if (c.is_object())
          t.columns.push_back({get_string(c, "name"), get_string(c, "type", "string"),
                               get_string(c, "jsonPath"), get_string(c, "description")});
    json openapi = v.contains("/schema/openAPIV3Schema"_json_pointer)
                       ? v["schema"]["openAPIV3Schema"]
                       : json(nullptr);
    t.schema = schema_for_kind(t.kind + "." + group, openapi);
    t.openapi = openapi;
    types_.push_back(std::move(t));
  }
  return true;
}

void Registry::remove_crd(const std::string& crd_name) {
  types_.erase(std::remove_if(types_.begin(), types_.end(),
                              [&](const ResourceType& t) { return t.crd == crd_name; }),
               types_.end());
}

const ResourceType* Registry::find(const std::string& group, const std::string& version,
                                   const std::string& plural) const {
  for (const ResourceType& t : types_)
    if (t.group == group && t.version == version && t.plural == plural) return &t;
  return nullptr;
}

const ResourceType* Registry::find_kind(const std::string& api_version,
                                        const std::string& kind) const {
  for (const ResourceType& t : types_)
    if (t.api_version() == api_version && t.kind == kind) return &t;
  return nullptr;
}

std::vector<const ResourceType*> Registry::storage_types() const {
  std::vector<const ResourceType*> out;
  std::set<std::string> seen;
  for (const ResourceType& t : types_)
    if (t.storage && seen.insert(t.storage_key()).second) out.push_back(&t);
  for (const ResourceType& t : types_)
    if (seen.insert(t.storage_key()).second) out.push_back(&t);
  return out;
}

json Registry::core_versions(const std::string& server_address) const {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs",
           {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

namespace {
// Groups in registration order with their versions, preferred first.
std::vector<std::pair<std::string, std::vector<std::string>>> groups_of(
    const std::vector<ResourceType>& types) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const ResourceType& t : types) {
    if (t.group.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](auto& g) { return g.first == t.group; });
    if (it == out.end()) {
      out.push_back({t.group, {}});
      it = out.end() - 1;
    }
    if (std::find(it->second.begin(), it->second.end(), t.version) == it->second.end())
      it->second.push_back(t.version);
  }
  for (auto& [_, versions] : out)
    std::stable_sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
      if (version_rank(a) != version_rank(b)) return version_rank(a) < version_rank(b);
      return a > b;  // v2 before v1
    });
  return out;
}

json group_doc(const std::string& name, const std::vector<std::string>& versions) {
  json vs = json::array();
  for (const std::string& v : versions)
    vs.push_back({{"groupVersion", name + "/" + v}, {"version", v}});
  return {
      {"name", name},
      {"versions", vs},
      {"preferredVersion", {{"groupVersion", name + "/" + versions[0]}, {"version", versions[0]}}}};
}
}  // namespace

json Registry::group_list() const {
  json groups = json::array();
  for (const auto& [name, versions] : groups_of(types_))
    groups.push_back(group_doc(name, versions));
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

json Registry::group(const std::string& name) const {
  for (const auto& [g, versions] : groups_of(types_))
    if (g == name) {
      json doc = group_doc(g, versions);
      doc["kind"] = "APIGroup";
      doc["apiVersion"] = "v1";
      return doc;
    }
  return nullptr;
}

json Registry::resource_list(const std::string& group, const std::string& version) const {
  json resources = json::array();
  bool any = false;
  for (const ResourceType& t : types_) {
    if (t.group != group || t.version != version) continue;
    any = true;
    resources.push_back(resource_entry(t, t.plural, t.kind, t.verbs));
    if (t.has_status)
      resources.push_back(
          resource_entry(t, t.plural + "/status", t.kind, {"get", "patch", "update"}));
    if (t.kind == "Namespace")
      resources.push_back(resource_entry(t, "namespaces/finalize", t.kind, {"update"}));
    if (t.kind == "ServiceAccount" && t.group.empty()) {  // TokenRequest (token_request.h)
      json token = resource_entry(t, "serviceaccounts/token", "TokenRequest", {"create"});
      token["group"] = "authentication.k8s.io";
      token["version"] = "v1";
      resources.push_back(token);
    }
    if (t.kind == "Deployment" && t.group == "apps") {
      json scale = resource_entry(t, "deployments/scale", "Scale", {"get", "patch", "update"});
      scale["group"] = "autoscaling";
      scale["version"] = "v1";
      resources.push_back(scale);
    }
  }
  if (!any) return nullptr;
  std::string gv = group.empty() ? version : group + "/" + version;
  return {{"kind", "APIResourceList"},
          {"apiVersion", "v1"},
          {"groupVersion", gv},
          {"resources", resources}};
}

}  // namespace fedplan::sandbox
