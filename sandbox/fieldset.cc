// FieldSet algebra and the fieldsV1 encoding used in managedFields.
// Paths print the way structured-merge-diff prints them, so conflict messages match.
#include "sandbox/fieldset.h"

namespace fedplan::sandbox {

bool FieldSet::empty() const {
  if (member) return false;
  for (const auto& [_, c] : children)
    if (!c.empty()) return false;
  return true;
}

void FieldSet::insert(const FieldPath& path) {
  FieldSet* node = this;
  for (const PathElement& e : path) node = &node->children[e];
  node->member = true;
}

const FieldSet* FieldSet::find(const FieldPath& path) const {
  const FieldSet* node = this;
  for (const PathElement& e : path) {
    auto it = node->children.find(e);
    if (it == node->children.end()) return nullptr;
    node = &it->second;
  }
  return node;
}

bool FieldSet::has(const FieldPath& path) const {
  const FieldSet* n = find(path);
  return n && n->member;
}

bool FieldSet::has_at_or_below(const FieldPath& path) const {
  const FieldSet* n = find(path);
  return n && !n->empty();
}

namespace {
void walk(const FieldSet& s, FieldPath& prefix, const std::function<void(const FieldPath&)>& fn) {
  if (s.member && !prefix.empty()) fn(prefix);
  for (const auto& [e, c] : s.children) {
    prefix.push_back(e);
    walk(c, prefix, fn);
    prefix.pop_back();
  }
}

void prune_empty(FieldSet& s) {
  for (auto it = s.children.begin(); it != s.children.end();) {
    prune_empty(it->second);
    if (it->second.empty())
      it = s.children.erase(it);
    else
      ++it;
  }
}
}  // namespace

void FieldSet::for_each(const std::function<void(const FieldPath&)>& fn) const {
  FieldPath prefix;
  walk(*this, prefix, fn);
}

FieldSet set_union(const FieldSet& a, const FieldSet& b) {
  FieldSet out = a;
  out.member = a.member || b.member;
  for (const auto& [e, c] : b.children) {
    auto it = out.children.find(e);
    out.children[e] = it == out.children.end() ? c : set_union(it->second, c);
  }
  return out;
}

FieldSet set_difference(const FieldSet& a, const FieldSet& b) {
  FieldSet out;
  out.member = a.member && !b.member;
  for (const auto& [e, c] : a.children) {
    auto it = b.children.find(e);
    out.children[e] = it == b.children.end() ? c : set_difference(c, it->second);
  }
  prune_empty(out);
  return out;
}

FieldSet set_intersection(const FieldSet& a, const FieldSet& b) {
  FieldSet out;
  out.member = a.member && b.member;
  for (const auto& [e, c] : a.children) {
    auto it = b.children.find(e);
    if (it != b.children.end()) out.children[e] = set_intersection(c, it->second);
  }
  prune_empty(out);
  return out;
}

FieldSet set_recursive_difference(const FieldSet& a, const FieldSet& b) {
  FieldSet out;
  out.member = a.member && !b.member;
  for (const auto& [e, c] : a.children) {
    auto it = b.children.find(e);
    if (it == b.children.end())
      out.children[e] = c;
    else if (!it->second.member)
      out.children[e] = set_recursive_difference(c, it->second);
  }
  prune_empty(out);
  return out;
}

namespace {
bool valid_element(const std::string& e) {
  if (e.size() < 3 || e[1] != ':') return false;
  char t = e[0];
  if (t == 'f') return true;
  if (t == 'i') return e.find_first_not_of("0123456789", 2) == std::string::npos;
  if (t == 'k' || t == 'v') {
    nlohmann::json j = nlohmann::json::parse(e.substr(2), nullptr, false);
    if (j.is_discarded()) return false;
    return t == 'v' || j.is_object();
  }
  return false;
}

bool read_node(const nlohmann::json& v, FieldSet* out, std::string* err) {
  if (!v.is_object()) {
    *err = "fieldsV1 nodes must be objects";
    return false;
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it.key() == ".") {
      if (!it.value().is_object() || !it.value().empty()) {
        *err = "\".\" in fieldsV1 must map to {}";
        return false;
      }
      out->member = true;
      continue;
    }
    if (!valid_element(it.key())) {
      *err = "invalid fieldsV1 path element " + nlohmann::json(it.key()).dump();
      return false;
    }
    FieldSet& child = out->children[it.key()];
    if (!read_node(it.value(), &child, err)) return false;
    if (it.value().empty()) child.member = true;
  }
  return true;
}
}  // namespace

bool fieldset_from_json(const nlohmann::json& v, FieldSet* out, std::string* err) {
  *out = FieldSet{};
  if (v.is_null()) return true;
  return read_node(v, out, err);
}

nlohmann::json fieldset_to_json(const FieldSet& s) {
  nlohmann::json out = nlohmann::json::object();
  if (s.member && !s.children.empty()) out["."] = nlohmann::json::object();
  for (const auto& [e, c] : s.children)
    if (!c.empty()) out[e] = fieldset_to_json(c);
  return out;
}

namespace {
// Go's value.ToString: strings quoted, numbers and booleans bare.
std::string value_text(const nlohmann::json& v) {
  if (v.is_string()) return v.dump();
  if (v.is_null()) return "null";
  return v.dump();
}
}  // namespace

std::string path_string(const FieldPath& path) {
  std::string out;
  for (const PathElement& e : path) {
    std::string body = e.size() >= 2 ? e.substr(2) : e;
    switch (e[0]) {
      case 'f':
        out += "." + body;
        break;
      case 'i':
        out += "[" + body + "]";
        break;
      case 'v': {
        nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
        out += "[=" + (j.is_discarded() ? body : value_text(j)) + "]";
        break;
      }
      case 'k': {
        nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
          out += "[" + body + "]";
          break;
        }
        std::string inner;
        for (auto it = j.begin(); it != j.end(); ++it) {
          if (!inner.empty()) inner += ",";
          inner += it.key() + "=" + value_text(it.value());
        }
        out += "[" + inner + "]";
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

PathElement field_element(const std::string& name) {
  return "f:" + name;
}
PathElement key_element(const nlohmann::json& key_fields) {
  return "k:" + key_fields.dump();
}
PathElement value_element(const nlohmann::json& value) {
  return "v:" + value.dump();
}
PathElement index_element(size_t i) {
  return "i:" + std::to_string(i);
}

}  // namespace fedplan::sandbox
