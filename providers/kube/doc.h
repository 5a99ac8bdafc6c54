// Doc: a value as the kube provider works on it inside, the JSON the API server speaks plus the
// marks JSON cannot carry (where values are sensitive, where they are unknown). kube_provider.cc
// converts a request's Values to Docs where it enters and the answer back where it leaves;
// nothing in between converts.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "lang/value.h"
#include "lang/value_json.h"

namespace fedplan::kube {

// A position whose value only apply will know, and the kind of value it will be.
struct UnknownAt {
  ValuePath path;
  ValueKind kind = ValueKind::Dynamic;
};

// A value and its marks. Marks are shallow, as on Values: a sensitive object's members are not
// themselves sensitive unless listed. A sensitive path that leads nowhere (a projection dropped
// the field) is ignored.
struct Doc {
  nlohmann::json json;               // null at an unknown position
  std::vector<ValuePath> sensitive;  // every sensitive position
  std::vector<UnknownAt> unknown;    // outermost unknown positions (nothing below one)

  static Doc unknown_value(ValueKind kind = ValueKind::Dynamic);

  bool known() const;         // the value itself is not unknown
  bool wholly_known() const;  // nothing in it is unknown
  bool is_null() const;       // known and null
  // Whether the value at `path` is unknown, or lies inside an unknown one.
  bool unknown_at(const ValuePath& path) const;
  // Whether the value at `path` and everything in it is known.
  bool wholly_known_at(const ValuePath& path) const;

  // The attribute `key` of an object (null when absent) and element `index` of an array (null
  // when out of range), with their marks. Like Value::get, an unknown object has no attributes.
  Doc at(const std::string& key) const;
  Doc at(size_t index) const;
  // Sets attribute `key`, making a null or unknown value an empty object first.
  void set(const std::string& key, Doc value);
  // Appends an element, making a null value an empty array first.
  void push_back(Doc value);
};

Doc to_doc(const Value& v);
// From JSON: objects become objects, arrays tuples, marks and unknowns as the Doc lists them.
Value to_value(const Doc& d);

// The sensitive positions that exist, outermost only (nothing below a sensitive one), as
// sensitive_paths() lists them for a Value.
std::vector<ValuePath> sensitive_paths(const Doc& d);

// `j` with the sensitive marks of `paths`, plus `data` and `stringData` when `j` is a core v1
// Secret: what the kube provider returns for a manifest or an object read from the server.
Doc marked(nlohmann::json j, std::vector<ValuePath> paths);

// A manifest in canonical form: null attributes dropped at every depth (unknown ones stay).
// Two manifests that mean the same compare equal.
Doc normalize_manifest(const Doc& manifest);

// The JSON at `path` in `j`, nullptr when there is none.
const nlohmann::json* json_at(const nlohmann::json& j, const ValuePath& path);
// The member `key` of an object, null when absent or when `j` is not an object.
const nlohmann::json& member(const nlohmann::json& j, const std::string& key);
// The attribute `key` when it is a known string, else "".
std::string string_attr(const Doc& d, const std::string& key);
// The attribute `key` when it is a known bool, else false.
bool bool_attr(const Doc& d, const std::string& key);

// The same JSON and the same unknown positions; marks are not compared.
bool equal_content(const Doc& a, const Doc& b);
// Both wholly known and the same JSON once null attributes are dropped: the same manifest as
// server-side apply sees it.
bool same_json(const Doc& a, const Doc& b);
// The same JSON (nulls included), the same sensitive values and the same unknown positions.
bool same_doc(const Doc& a, const Doc& b);

// "string", "tuple", "object", ... (a Value's type_name for what JSON holds), for messages.
std::string json_type_name(const nlohmann::json& j);

}  // namespace fedplan::kube
