// FieldSet: a set of field paths in an object, in the shape of managedFields' fieldsV1
// (`f:name`, `k:{"name":"x"}`, `v:"item"`, `i:0`), with the set algebra server-side apply needs.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace fedplan::sandbox {

// A path element exactly as fieldsV1 spells it: "f:data", "k:{\"name\":\"x\"}", "v:\"a\"", "i:0".
using PathElement = std::string;
using FieldPath = std::vector<PathElement>;

// A tree of path elements; `member` marks that the path ending here is itself in the set
// (written as "." in fieldsV1 when the node also has children).
struct FieldSet {
  bool member = false;
  std::map<PathElement, FieldSet> children;

  bool empty() const;
  void insert(const FieldPath& path);
  bool has(const FieldPath& path) const;
  // Whether the path or anything below it is in the set.
  bool has_at_or_below(const FieldPath& path) const;
  // The node at `path`, or nullptr.
  const FieldSet* find(const FieldPath& path) const;
  // Calls `fn` with every member path, parents before children.
  void for_each(const std::function<void(const FieldPath&)>& fn) const;
  bool operator==(const FieldSet& other) const = default;
};

FieldSet set_union(const FieldSet& a, const FieldSet& b);
// Members of `a` that are not members of `b` (children of a member of `b` stay).
FieldSet set_difference(const FieldSet& a, const FieldSet& b);
FieldSet set_intersection(const FieldSet& a, const FieldSet& b);
// Members of `a` that are neither members of `b` nor below one.
FieldSet set_recursive_difference(const FieldSet& a, const FieldSet& b);

// fieldsV1 JSON <-> FieldSet. Reading fails (false, *err) on a malformed element or node.
bool fieldset_from_json(const nlohmann::json& v, FieldSet* out, std::string* err);
nlohmann::json fieldset_to_json(const FieldSet& s);

// The path as the API server prints it in conflicts: `.spec.ports[port=443,protocol="TCP"]`,
// `.metadata.finalizers[="a"]`, `.items[0]`.
std::string path_string(const FieldPath& path);

// Path elements for a field name, a keyed list item, a set value and a list index.
PathElement field_element(const std::string& name);
PathElement key_element(const nlohmann::json& key_fields);
PathElement value_element(const nlohmann::json& value);
PathElement index_element(size_t i);

}  // namespace fedplan::sandbox
