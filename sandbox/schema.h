// Schema: the little a server needs to know about an object's shape for server-side apply
// and strategic merge: which maps are structs, which lists are keyed (and by what) or sets.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fedplan::sandbox {

// One position in an object. Unknown positions behave like structured-merge-diff's deduced
// type: objects are maps whose entries are owned one by one, lists are atomic.
struct SchemaNode {
  enum class Type { Unknown, Scalar, Struct, Map, List };
  enum class ListType { Atomic, Map, Set };

  Type type = Type::Unknown;
  std::map<std::string, std::shared_ptr<const SchemaNode>> fields;  // Struct
  std::shared_ptr<const SchemaNode> elem;                           // Map values, List items
  ListType list_type = ListType::Atomic;
  std::vector<std::string> keys;                           // ListType::Map
  nlohmann::json key_defaults = nlohmann::json::object();  // defaults of key fields
  bool atomic = false;      // x-kubernetes-map-type: atomic (owned and replaced as a whole)
  std::string scalar_type;  // Scalar: string, integer, number or boolean

  // The schema of a struct field or map value; the unknown node when there is none.
  const SchemaNode& child(const std::string& name) const;
  // Whether `name` is a declared field of this struct.
  bool has_field(const std::string& name) const;
  // The schema of list items; the unknown node when there is none.
  const SchemaNode& item() const;
};

const SchemaNode& unknown_schema();

// Checks that `obj` has the JSON types the schema declares (objects, lists, strings, integers,
// booleans; null is always allowed). "" when it does, else the field path and what was wrong,
// e.g. "spec.ports[0].name: expected string, got number".
std::string check_types(const nlohmann::json& obj, const SchemaNode& schema);

// Removes from `obj` every field a struct of the schema does not declare, and returns their
// paths ("spec.foo"). Only meaningful for schemas that declare every field (kinds_strict()).
std::vector<std::string> drop_unknown_fields(nlohmann::json& obj, const SchemaNode& schema);

// Reads an OpenAPI v3 schema (as in a CRD's openAPIV3Schema): properties -> Struct,
// additionalProperties -> Map, items -> List with x-kubernetes-list-type/-map-keys, `default`
// of key properties as key defaults. Unknown or preserve-unknown-fields parts stay Unknown.
std::shared_ptr<const SchemaNode> schema_from_openapi(const nlohmann::json& schema);

// The OpenAPI fragment describing a built-in kind (null for other kinds).
nlohmann::json builtin_openapi(const std::string& kind);

// The schema for a built-in kind ("ConfigMap", "Service", ...), with ObjectMeta; for other
// kinds the standard ObjectMeta and an Unknown rest. `openapi` (optional) is a CRD's schema.
std::shared_ptr<const SchemaNode> schema_for_kind(const std::string& kind,
                                                  const nlohmann::json& openapi = nullptr);

}  // namespace fedplan::sandbox
