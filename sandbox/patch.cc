// Strategic merge and JSON patch over nlohmann JSON.
#include "sandbox/patch.h"
#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

bool is_directive(const std::string& key) {
  return !key.empty() && key[0] == '$';
}

// The merge key of a keyed list: its first key field.
std::string merge_key(const SchemaNode& s) {
  return s.keys.empty() ? "" : s.keys[0];
}

json merge_list(const json& target, const json& patch, const SchemaNode& s) {
  if (s.type != SchemaNode::Type::List || s.list_type == SchemaNode::ListType::Atomic) return patch;
  if (s.list_type == SchemaNode::ListType::Set) {
    json out = target.is_array() ? target : json::array();
    for (const json& v : patch)
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    return out;
  }
  std::string key = merge_key(s);
  for (const json& item : patch)
    if (item.is_object() && get_string(item, "$patch") == "replace") {
      json out = json::array();
      for (const json& i : patch)
        if (!(i.is_object() && i.contains("$patch"))) out.push_back(i);
      return out;
    }
  json out = target.is_array() ? target : json::array();
  for (const json& item : patch) {
    if (!item.is_object() || !item.contains(key)) {
      out.push_back(item);
      continue;
    }
    auto it = std::find_if(out.begin(), out.end(), [&](const json& o) {
      return o.is_object() && o.contains(key) && o[key] == item[key];
    });
    if (get_string(item, "$patch") == "delete") {
      if (it != out.end()) out.erase(it);
      continue;
    }
    if (it == out.end())
      out.push_back(strategic_merge(json::object(), item, s.item()));
    else
      *it = strategic_merge(*it, item, s.item());
  }
  return out;
}

}  // namespace

json strategic_merge(const json& target, const json& patch, const SchemaNode& s) {
  if (!patch.is_object()) return patch;
  if (get_string(patch, "$patch") == "replace") {
    json out = patch;
    out.erase("$patch");
    return out;
  }
  if (get_string(patch, "$patch") == "delete") return nullptr;
  json out = target.is_object() ? target : json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& k = it.key();
    if (is_directive(k)) {
      // $deleteFromPrimitiveList/<field>: values to remove from a primitive list.
      const std::string prefix = "$deleteFromPrimitiveList/";
      if (k.rfind(prefix, 0) == 0 && it.value().is_array()) {
        std::string field = k.substr(prefix.size());
        if (out.contains(field) && out[field].is_array()) {
          json kept = json::array();
          for (const json& v : out[field])
            if (std::find(it.value().begin(), it.value().end(), v) == it.value().end())
              kept.push_back(v);
          out[field] = kept;
        }
      }
      continue;
    }
    const json& v = it.value();
    if (v.is_null()) {
      out.erase(k);
    } else if (v.is_object()) {
      json merged = strategic_merge(out.contains(k) ? out[k] : json::object(), v, s.child(k));
      if (merged.is_null())
        out.erase(k);
      else
        out[k] = merged;
    } else if (v.is_array()) {
      out[k] = merge_list(out.contains(k) ? out[k] : json::array(), v, s.child(k));
    } else {
      out[k] = v;
    }
  }
  return out;
}

bool json_patch(const json& target, const json& patch, json* out, std::string* err) {
  if (!patch.is_array()) {
    *err = "json: cannot unmarshal object into Go value of type jsonpatch.Patch";
    return false;
  }
  try {
    *out = target.patch(patch);
    return true;
  } catch (const json::exception& e) {
    *err = e.what();
    return false;
  }
}

}  // namespace fedplan::sandbox
