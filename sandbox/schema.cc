// Schemas for server-side apply: an OpenAPI v3 reader and the shapes of the built-in kinds,
// written as small OpenAPI fragments (only the parts whose merge behaviour matters).
#include "sandbox/schema.h"
#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::json;

const SchemaNode& unknown_schema() {
  static const SchemaNode node;
  return node;
}

const SchemaNode& SchemaNode::child(const std::string& name) const {
  if (type == Type::Struct) {
    auto it = fields.find(name);
    if (it != fields.end() && it->second) return *it->second;
    return unknown_schema();
  }
  if (type == Type::Map && elem) return *elem;
  return unknown_schema();
}

bool SchemaNode::has_field(const std::string& name) const {
  return type == Type::Struct && fields.count(name) > 0;
}

const SchemaNode& SchemaNode::item() const {
  if (type == Type::List && elem) return *elem;
  return unknown_schema();
}

namespace {
std::string type_problem(const json& v, const SchemaNode& s, const std::string& path) {
  if (v.is_null()) return "";
  auto bad = [&](const char* want) {
    return (path.empty() ? std::string("<root>") : path) + ": expected " + want + ", got " +
           v.type_name();
  };
  switch (s.type) {
    case SchemaNode::Type::Scalar:
      if (s.scalar_type == "string" && !v.is_string()) return bad("string");
      if (s.scalar_type == "integer" && !v.is_number_integer()) return bad("integer");
      if (s.scalar_type == "number" && !v.is_number()) return bad("number");
      if (s.scalar_type == "boolean" && !v.is_boolean()) return bad("boolean");
      return "";
    case SchemaNode::Type::Struct:
    case SchemaNode::Type::Map:
      if (!v.is_object()) return bad("object");
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::string p = path.empty() ? it.key() : path + "." + it.key();
        if (std::string e = type_problem(it.value(), s.child(it.key()), p); !e.empty()) return e;
      }
      return "";
    case SchemaNode::Type::List:
      if (!v.is_array()) return bad("array");
      for (size_t i = 0; i < v.size(); ++i)
        if (std::string e = type_problem(v[i], s.item(), path + "[" + std::to_string(i) + "]");
            !e.empty())
          return e;
      return "";
    case SchemaNode::Type::Unknown:
      return "";
  }
  return "";
}
}  // namespace

std::string check_types(const json& obj, const SchemaNode& schema) {
  return type_problem(obj, schema, "");
}

namespace {
void collect_unknown(json& v, const SchemaNode& s, const std::string& path,
                     std::vector<std::string>* out) {
  if (s.type == SchemaNode::Type::Struct && v.is_object()) {
    for (auto it = v.begin(); it != v.end();) {
      std::string p = path.empty() ? it.key() : path + "." + it.key();
      if (!s.has_field(it.key())) {
        out->push_back(p);
        it = v.erase(it);
        continue;
      }
      collect_unknown(it.value(), s.child(it.key()), p, out);
      ++it;
    }
  } else if (s.type == SchemaNode::Type::Map && v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      collect_unknown(it.value(), s.child(it.key()), path + "." + it.key(), out);
  } else if (s.type == SchemaNode::Type::List && v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      collect_unknown(v[i], s.item(), path + "[" + std::to_string(i) + "]", out);
  }
}
}  // namespace

std::vector<std::string> drop_unknown_fields(json& obj, const SchemaNode& schema) {
  std::vector<std::string> out;
  collect_unknown(obj, schema, "", &out);
  return out;
}

std::shared_ptr<const SchemaNode> schema_from_openapi(const json& s) {
  auto node = std::make_shared<SchemaNode>();
  if (!s.is_object()) return node;
  std::string type = get_string(s, "type");
  if (s.contains("properties") && s["properties"].is_object()) {
    node->type = SchemaNode::Type::Struct;
    for (auto it = s["properties"].begin(); it != s["properties"].end(); ++it)
      node->fields[it.key()] = schema_from_openapi(it.value());
  } else if (s.contains("additionalProperties") && s["additionalProperties"].is_object()) {
    node->type = SchemaNode::Type::Map;
    node->elem = schema_from_openapi(s["additionalProperties"]);
  } else if (type == "array") {
    node->type = SchemaNode::Type::List;
    node->elem = schema_from_openapi(get_object(s, "items"));
    std::string lt = get_string(s, "x-kubernetes-list-type", "atomic");
    if (lt == "map" && s.contains("x-kubernetes-list-map-keys") &&
        s["x-kubernetes-list-map-keys"].is_array()) {
      node->list_type = SchemaNode::ListType::Map;
      const json& items = get_object(s, "items");
      for (const json& k : s["x-kubernetes-list-map-keys"]) {
        if (!k.is_string()) continue;
        std::string key = k.get<std::string>();
        node->keys.push_back(key);
        if (items.contains("properties") && items["properties"].contains(key) &&
            items["properties"][key].contains("default"))
          node->key_defaults[key] = items["properties"][key]["default"];
      }
    } else if (lt == "set") {
      node->list_type = SchemaNode::ListType::Set;
    }
  } else if (type == "string" || type == "integer" || type == "number" || type == "boolean") {
    node->type = SchemaNode::Type::Scalar;
    node->scalar_type = type;
  }
  if (get_string(s, "x-kubernetes-map-type") == "atomic") node->atomic = true;
  return node;
}

namespace {

// ObjectMeta: labels and annotations are maps, finalizers a set, ownerReferences keyed by uid.
const char* const kObjectMeta = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string"}, "namespace": {"type": "string"},
    "generateName": {"type": "string"}, "uid": {"type": "string"},
    "resourceVersion": {"type": "string"}, "generation": {"type": "integer"},
    "selfLink": {"type": "string"}, "creationTimestamp": {"type": "string"},
    "deletionTimestamp": {"type": "string"}, "deletionGracePeriodSeconds": {"type": "integer"},
    "managedFields": {"type": "array"},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
    "finalizers": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
    "ownerReferences": {"type": "array", "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["uid"],
      "items": {"type": "object", "properties": {"uid": {"type": "string"},
        "apiVersion": {"type": "string"}, "kind": {"type": "string"},
        "name": {"type": "string"}, "controller": {"type": "boolean"},
        "blockOwnerDeletion": {"type": "boolean"}}}}
  }
})";

const char* const kStringMap = R"({"type": "object", "additionalProperties": {"type": "string"}})";

const char* const kConditions = R"({"type": "array", "x-kubernetes-list-type": "map",
  "x-kubernetes-list-map-keys": ["type"],
  "items": {"type": "object", "properties": {"type": {"type": "string"},
    "status": {"type": "string"}, "reason": {"type": "string"}, "message": {"type": "string"}}}})";

const char* const kContainer = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string"}, "image": {"type": "string"},
    "command": {"type": "array", "items": {"type": "string"}},
    "args": {"type": "array", "items": {"type": "string"}},
    "ports": {"type": "array", "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
      "items": {"type": "object", "properties": {"containerPort": {"type": "integer"},
        "protocol": {"type": "string", "default": "TCP"}, "name": {"type": "string"}}}},
    "env": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
      "items": {"type": "object", "properties": {"name": {"type": "string"},
        "value": {"type": "string"}, "valueFrom": {"type": "object", "properties": {}}}}},
    "volumeMounts": {"type": "array", "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["mountPath"],
      "items": {"type": "object", "properties": {"mountPath": {"type": "string"},
        "name": {"type": "string"}}}},
    "resources": {"type": "object", "properties": {"limits": STRMAP, "requests": STRMAP}}
  }
})";

const char* const kPodSpec = R"({
  "type": "object",
  "properties": {
    "containers": {"type": "array", "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"], "items": CONTAINER},
    "initContainers": {"type": "array", "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"], "items": CONTAINER},
    "volumes": {"type": "array", "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
    "imagePullSecrets": {"type": "array", "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
    "nodeSelector": STRMAP,
    "serviceAccountName": {"type": "string"}
  }
})";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

json fragment(const char* text) {
  std::string t = replace_all(text, "STRMAP", kStringMap);
  t = replace_all(t, "CONTAINER", replace_all(kContainer, "STRMAP", kStringMap));
  return json::parse(t);
}

json object_with(const json& properties) {
  json s = {{"type", "object"}, {"properties", properties}};
  s["properties"]["metadata"] = json::parse(kObjectMeta);
  s["properties"]["apiVersion"] = {{"type", "string"}};
  s["properties"]["kind"] = {{"type", "string"}};
  return s;
}

}  // namespace

json builtin_openapi(const std::string& kind) {
  json strmap = json::parse(kStringMap);
  json conditions = json::parse(kConditions);
  json label_selector = {
      {"type", "object"},
      {"properties", {{"matchLabels", strmap}, {"matchExpressions", {{"type", "array"}}}}}};
  if (kind == "ConfigMap")
    return object_with(
        {{"data", strmap}, {"binaryData", strmap}, {"immutable", {{"type", "boolean"}}}});
  if (kind == "Secret")
    return object_with({{"data", strmap},
                        {"stringData", strmap},
                        {"type", {{"type", "string"}}},
                        {"immutable", {{"type", "boolean"}}}});
  if (kind == "Service") {
    json ports = {{"type", "array"},
                  {"x-kubernetes-list-type", "map"},
                  {"x-kubernetes-list-map-keys", {"port", "protocol"}},
                  {"items",
                   {{"type", "object"},
                    {"properties",
                     {{"port", {{"type", "integer"}}},
                      {"protocol", {{"type", "string"}, {"default", "TCP"}}},
                      {"name", {{"type", "string"}}},
                      {"nodePort", {{"type", "integer"}}}}}}}};
    json spec = {{"type", "object"},
                 {"properties",
                  {{"ports", ports},
                   {"selector",
                    {{"type", "object"},
                     {"additionalProperties", {{"type", "string"}}},
                     {"x-kubernetes-map-type", "atomic"}}},
                   {"clusterIPs", {{"type", "array"}, {"x-kubernetes-list-type", "atomic"}}},
                   {"type", {{"type", "string"}}}}}};
    json status = {{"type", "object"}, {"properties", {{"conditions", conditions}}}};
    return object_with({{"spec", spec}, {"status", status}});
  }
  if (kind == "Deployment") {
    json tmpl = {
        {"type", "object"},
        {"properties", {{"metadata", json::parse(kObjectMeta)}, {"spec", fragment(kPodSpec)}}}};
    json spec = {
        {"type", "object"},
        {"properties",
         {{"replicas", {{"type", "integer"}}}, {"selector", label_selector}, {"template", tmpl}}}};
    json status = {{"type", "object"}, {"properties", {{"conditions", conditions}}}};
    return object_with({{"spec", spec}, {"status", status}});
  }
  if (kind == "Namespace") {
    json spec = {
        {"type", "object"},
        {"properties", {{"finalizers", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
    json status = {{"type", "object"}, {"properties", {{"conditions", conditions}}}};
    return object_with({{"spec", spec}, {"status", status}});
  }
  if (kind == "Node") {
    json addresses = {
        {"type", "array"},
        {"x-kubernetes-list-type", "map"},
        {"x-kubernetes-list-map-keys", {"type"}},
        {"items", {{"type", "object"}, {"properties", {{"type", {{"type", "string"}}}}}}}};
    json status = {{"type", "object"},
                   {"properties",
                    {{"conditions", conditions},
                     {"addresses", addresses},
                     {"capacity", strmap},
                     {"allocatable", strmap}}}};
    return object_with(
        {{"spec", {{"type", "object"}, {"properties", json::object()}}}, {"status", status}});
  }
  if (kind == "ServiceAccount") {
    json refs = {{"type", "array"},
                 {"x-kubernetes-list-type", "map"},
                 {"x-kubernetes-list-map-keys", {"name"}},
                 {"items", {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}}}};
    return object_with({{"secrets", refs}, {"imagePullSecrets", refs}});
  }
  if (kind == "Route") {
    json spec = {{"type", "object"},
                 {"properties",
                  {{"host", {{"type", "string"}}},
                   {"to", {{"type", "object"}, {"properties", json::object()}}},
                   {"port", {{"type", "object"}, {"properties", json::object()}}}}}};
    return object_with({{"spec", spec}});
  }
  if (kind == "Lease") {
    // coordination.k8s.io/v1 LeaseSpec; the times are MicroTime strings.
    json spec = {{"type", "object"},
                 {"properties",
                  {{"holderIdentity", {{"type", "string"}}},
                   {"leaseDurationSeconds", {{"type", "integer"}, {"format", "int32"}}},
                   {"acquireTime", {{"type", "string"}, {"format", "date-time"}}},
                   {"renewTime", {{"type", "string"}, {"format", "date-time"}}},
                   {"leaseTransitions", {{"type", "integer"}, {"format", "int32"}}},
                   {"strategy", {{"type", "string"}}},
                   {"preferredHolder", {{"type", "string"}}}}}};
    return object_with({{"spec", spec}});
  }
  if (kind == "CustomResourceDefinition") {
    json versions = {
        {"type", "array"},
        {"x-kubernetes-list-type", "map"},
        {"x-kubernetes-list-map-keys", {"name"}},
        {"items", {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}}}};
    json spec = {{"type", "object"},
                 {"properties",
                  {{"group", {{"type", "string"}}},
                   {"names", {{"type", "object"}, {"properties", json::object()}}},
                   {"versions", versions}}}};
    json status = {{"type", "object"}, {"properties", {{"conditions", conditions}}}};
    return object_with({{"spec", spec}, {"status", status}});
  }
  return nullptr;
}

std::shared_ptr<const SchemaNode> schema_for_kind(const std::string& kind, const json& openapi) {
  json s = builtin_openapi(kind);
  if (s.is_null()) {
    if (openapi.is_object() && openapi.contains("properties")) {
      s = openapi;
      s["properties"]["metadata"] = json::parse(kObjectMeta);
    } else {
      // No schema: only ObjectMeta has a known shape.
      s = object_with(json::object());
      if (openapi.is_object() && get_bool(openapi, "x-kubernetes-preserve-unknown-fields", false))
        s["x-kubernetes-preserve-unknown-fields"] = true;
    }
  }
  return schema_from_openapi(s);
}

}  // namespace fedplan::sandbox
