// Minimal OpenAPI v3 per group/version: one path per resource and operation, PATCH declaring
// the query parameters kubectl probes for, and a component schema per kind.
#include "sandbox/openapi.h"

#include <functional>

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

std::string gv_path(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

json param(const char* name, const char* description) {
  return {{"name", name},
          {"in", "query"},
          {"description", description},
          {"schema", {{"type", "string"}, {"uniqueItems", true}}}};
}

json operation(const ResourceType& t, const std::string& action, const std::string& id,
               json parameters) {
  json gvk = {{"group", t.group}, {"version", t.version}, {"kind", t.kind}};
  json ref = {{"$ref", "#/components/schemas/" + t.kind}};
  json ok = {{"description", "OK"}, {"content", {{"application/json", {{"schema", ref}}}}}};
  return {{"operationId", id},
          {"parameters", parameters},
          {"responses", {{"200", ok}, {"401", {{"description", "Unauthorized"}}}}},
          {"x-kubernetes-action", action},
          {"x-kubernetes-group-version-kind", gvk}};
}

json write_params() {
  return {param("dryRun", "When present, modifications are not persisted."),
          param("fieldManager", "The name of the actor making the change."),
          param("fieldValidation", "Ignore, Warn or Strict handling of unknown fields.")};
}

}  // namespace

json openapi_v3_group_version(const Registry& registry, const std::string& group,
                              const std::string& version) {
  json paths = json::object();
  json schemas = json::object();
  bool any = false;
  for (const ResourceType& t : registry.types()) {
    if (t.group != group || t.version != version) continue;
    any = true;
    std::string base = "/" + gv_path(group, version) + "/";
    std::string coll = base + (t.namespaced ? "namespaces/{namespace}/" : "") + t.plural;
    std::string item = coll + "/{name}";
    json patch_params = write_params();
    patch_params.push_back(param("force", "Force is going to \"force\" Apply requests."));
    std::string k = t.kind;
    paths[coll] = {{"get", operation(t, "list", "list" + k, json::array())},
                   {"post", operation(t, "post", "create" + k, write_params())}};
    paths[item] = {{"get", operation(t, "get", "read" + k, json::array())},
                   {"put", operation(t, "put", "replace" + k, write_params())},
                   {"patch", operation(t, "patch", "patch" + k, patch_params)},
                   {"delete", operation(t, "delete", "delete" + k, json::array())}};
    if (t.has_status)
      paths[item + "/status"] = {
          {"get", operation(t, "get", "read" + k + "Status", json::array())},
          {"put", operation(t, "put", "replace" + k + "Status", write_params())},
          {"patch", operation(t, "patch", "patch" + k + "Status", patch_params)}};
    json schema = t.openapi.is_object() ? t.openapi : json{{"type", "object"}};
    schema["x-kubernetes-group-version-kind"] = {
        {{"group", t.group}, {"version", t.version}, {"kind", t.kind}}};
    schemas[t.kind] = schema;
  }
  if (!any) return nullptr;
  return {{"openapi", "3.0.0"},
          {"info", {{"title", "Kubernetes"}, {"version", "v1.31.0+fedplan-sandbox"}}},
          {"paths", paths},
          {"components", {{"schemas", schemas}}}};
}

json openapi_v3_root(const Registry& registry) {
  json paths = json::object();
  for (const ResourceType& t : registry.types()) {
    std::string key = gv_path(t.group, t.version);
    if (paths.contains(key)) continue;
    json doc = openapi_v3_group_version(registry, t.group, t.version);
    size_t h = std::hash<std::string>{}(doc.dump());
    char hex[20];
    std::snprintf(hex, sizeof hex, "%016zX", h);
    paths[key] = {{"serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hex}};
  }
  return {{"paths", paths}};
}

}  // namespace fedplan::sandbox
