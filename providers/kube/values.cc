// Value <-> JSON helpers for manifests and attributes.
#include "providers/kube/values.h"

namespace fedplan::kube {

using nlohmann::json;

Value normalize_manifest(const Value& v) {
  if (!v.known()) return v;
  if (v.is_mapping()) {
    ValueMap out;
    for (const auto& [k, e] : v.attributes())
      if (!e.is_null()) out.emplace(k, normalize_manifest(e));
    return Value::object(std::move(out)).with_marks(v.marks());
  }
  if (v.is_sequence()) {
    ValueList out;
    out.reserve(v.elements().size());
    for (const Value& e : v.elements()) out.push_back(normalize_manifest(e));
    return Value::tuple(std::move(out)).with_marks(v.marks());
  }
  return v;
}

namespace {
json strip(const json& j) {
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, e] : j.items())
      if (!e.is_null()) out[k] = strip(e);
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const json& e : j) out.push_back(strip(e));
    return out;
  }
  return j;
}
}  // namespace

json manifest_json(const Value& v) {
  return strip(to_json(v));
}

Value value_with_marks(const json& j, const std::vector<ValuePath>& paths) {
  std::vector<ValuePath> all = paths;
  if (j.is_object() && j.value("kind", "") == "Secret" && j.value("apiVersion", "") == "v1") {
    all.push_back({PathStep::attr("data")});
    all.push_back({PathStep::attr("stringData")});
  }
  Value v = from_json(j);
  return all.empty() ? v : mark_paths_sensitive(v, all);
}

Value attr(const Value& obj, const std::string& name) {
  if (!obj.known() || !obj.is_mapping()) return Value();
  const Value* v = obj.get(name);
  return v ? *v : Value();
}

std::string attr_string(const Value& obj, const std::string& name) {
  Value v = attr(obj, name);
  return v.known() && v.kind() == ValueKind::String ? v.as_string() : "";
}

bool attr_bool(const Value& obj, const std::string& name) {
  Value v = attr(obj, name);
  return v.known() && v.kind() == ValueKind::Bool && v.as_bool();
}

Value with_attrs(const Value& obj, const ValueMap& changes) {
  ValueMap m;
  if (obj.known() && obj.is_mapping()) m = obj.attributes();
  for (const auto& [k, v] : changes) m[k] = v;
  return Value::object(std::move(m));
}

bool same_json(const Value& a, const Value& b) {
  if (!a.wholly_known() || !b.wholly_known()) return false;
  return manifest_json(a) == manifest_json(b);
}

}  // namespace fedplan::kube
