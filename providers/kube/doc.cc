// Docs and their conversion to and from Values (see doc.h). The marks are lists of paths; walks
// over the JSON turn them into a tree first, so each walk is one pass.
#include "providers/kube/doc.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "providers/kube/projection.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

// The marks of a Doc as a tree over path steps, so that a walk over the JSON meets them on
// its way down.
struct MarkTree {
  bool sensitive = false;
  bool unknown = false;
  ValueKind kind = ValueKind::Dynamic;
  std::map<std::string, MarkTree, std::less<>> keys;
  std::map<size_t, MarkTree> items;

  MarkTree& child(const PathStep& s) { return s.is_index ? items[s.index] : keys[s.key]; }
  const MarkTree* find(const std::string& key) const {
    auto it = keys.find(key);
    return it == keys.end() ? nullptr : &it->second;
  }
  const MarkTree* find(size_t index) const {
    auto it = items.find(index);
    return it == items.end() ? nullptr : &it->second;
  }
};

MarkTree& node_at(MarkTree& root, const ValuePath& path) {
  MarkTree* m = &root;
  for (const PathStep& s : path) m = &m->child(s);
  return *m;
}

// Null when the Doc has no marks at all (the common case: plain JSON).
std::unique_ptr<MarkTree> tree_of(const Doc& d) {
  if (d.sensitive.empty() && d.unknown.empty()) return nullptr;
  auto root = std::make_unique<MarkTree>();
  for (const ValuePath& p : d.sensitive) node_at(*root, p).sensitive = true;
  for (const UnknownAt& u : d.unknown) {
    MarkTree& m = node_at(*root, u.path);
    m.unknown = true;
    m.kind = u.kind;
  }
  return root;
}

void collect_marks(const Value& v, ValuePath& path, Doc& d) {
  if (v.sensitive()) d.sensitive.push_back(path);
  if (!v.known()) {
    d.unknown.push_back({path, v.kind()});
    return;
  }
  if (v.is_sequence()) {
    for (size_t i = 0; i < v.elements().size(); ++i) {
      path.push_back(PathStep::at(i));
      collect_marks(v.elements()[i], path, d);
      path.pop_back();
    }
  } else if (v.is_mapping()) {
    for (const auto& [k, e] : v.attributes()) {
      path.push_back(PathStep::attr(k));
      collect_marks(e, path, d);
      path.pop_back();
    }
  }
}

Value build(const json& j, const MarkTree* m) {
  if (!m) return from_json(j);
  Value out;
  if (m->unknown) {
    out = Value::unknown(m->kind);
  } else if (j.is_array()) {
    ValueList items;
    items.reserve(j.size());
    for (size_t i = 0; i < j.size(); ++i) items.push_back(build(j[i], m->find(i)));
    out = Value::tuple(std::move(items));
  } else if (j.is_object()) {
    ValueMap items;
    for (auto it = j.begin(); it != j.end(); ++it)
      items.emplace(it.key(), build(it.value(), m->find(it.key())));
    out = Value::object(std::move(items));
  } else {
    out = from_json(j);
  }
  return m->sensitive ? out.mark_sensitive() : out;
}

json without_nulls(const json& j, const MarkTree* m) {
  if (!m) return strip_nulls(j);
  if (m->unknown) return j;
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      const MarkTree* c = m->find(it.key());
      if (!it.value().is_null() || (c && c->unknown)) out[it.key()] = without_nulls(it.value(), c);
    }
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (size_t i = 0; i < j.size(); ++i) out.push_back(without_nulls(j[i], m->find(i)));
    return out;
  }
  return j;
}

// The sensitive positions that lead somewhere, as a set that compares without regard to order.
std::set<std::string> effective_sensitive(const Doc& d) {
  std::set<std::string> out;
  for (const ValuePath& p : d.sensitive)
    if (json_at(d.json, p)) out.insert(path_to_json(p).dump());
  return out;
}

std::set<std::string> unknown_set(const Doc& d) {
  std::set<std::string> out;
  for (const UnknownAt& u : d.unknown) out.insert(path_to_json(u.path).dump() + kind_name(u.kind));
  return out;
}

bool starts_with(const ValuePath& path, const PathStep& step) {
  return !path.empty() && path.front() == step;
}

// Moves the marks of `value` into `d`, below `step`.
void adopt_marks(Doc& d, const PathStep& step, Doc& value) {
  for (ValuePath& p : value.sensitive) {
    p.insert(p.begin(), step);
    d.sensitive.push_back(std::move(p));
  }
  for (UnknownAt& u : value.unknown) {
    u.path.insert(u.path.begin(), step);
    d.unknown.push_back(std::move(u));
  }
}

Doc child(const Doc& d, const PathStep& step, const json& j) {
  Doc out;
  out.json = j;
  for (const ValuePath& p : d.sensitive)
    if (starts_with(p, step)) out.sensitive.emplace_back(p.begin() + 1, p.end());
  for (const UnknownAt& u : d.unknown)
    if (starts_with(u.path, step))
      out.unknown.push_back({ValuePath(u.path.begin() + 1, u.path.end()), u.kind});
  return out;
}

bool is_prefix(const ValuePath& prefix, const ValuePath& path) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace

Doc Doc::unknown_value(ValueKind kind) {
  Doc d;
  d.unknown.push_back({{}, kind});
  return d;
}

bool Doc::known() const {
  for (const UnknownAt& u : unknown)
    if (u.path.empty()) return false;
  return true;
}

bool Doc::wholly_known() const {
  return unknown.empty();
}

bool Doc::is_null() const {
  return json.is_null() && known();
}

bool Doc::unknown_at(const ValuePath& path) const {
  for (const UnknownAt& u : unknown)
    if (is_prefix(u.path, path)) return true;
  return false;
}

bool Doc::wholly_known_at(const ValuePath& path) const {
  for (const UnknownAt& u : unknown)
    if (is_prefix(u.path, path) || is_prefix(path, u.path)) return false;
  return true;
}

Doc Doc::at(const std::string& key) const {
  if (!json.is_object()) return Doc();
  auto it = json.find(key);
  if (it == json.end()) return Doc();
  return child(*this, PathStep::attr(key), *it);
}

Doc Doc::at(size_t index) const {
  if (!json.is_array() || index >= json.size()) return Doc();
  return child(*this, PathStep::at(index), json[index]);
}

void Doc::set(const std::string& key, Doc value) {
  if (!json.is_object()) {
    json = json::object();
    sensitive.clear();
    unknown.clear();
  }
  PathStep step = PathStep::attr(key);
  std::erase_if(sensitive, [&](const ValuePath& p) { return starts_with(p, step); });
  std::erase_if(unknown, [&](const UnknownAt& u) { return starts_with(u.path, step); });
  json[key] = std::move(value.json);
  adopt_marks(*this, step, value);
}

void Doc::push_back(Doc value) {
  if (!json.is_array()) {
    json = json::array();
    sensitive.clear();
    unknown.clear();
  }
  json.push_back(std::move(value.json));
  adopt_marks(*this, PathStep::at(json.size() - 1), value);
}

Doc to_doc(const Value& v) {
  Doc d;
  d.json = to_json(v);
  ValuePath path;
  collect_marks(v, path, d);
  return d;
}

Value to_value(const Doc& d) {
  std::unique_ptr<MarkTree> marks = tree_of(d);
  return build(d.json, marks.get());
}

std::vector<ValuePath> sensitive_paths(const Doc& d) {
  std::vector<ValuePath> out;
  for (const ValuePath& p : d.sensitive) {
    if (!json_at(d.json, p)) continue;
    bool inside = false;
    for (const ValuePath& q : d.sensitive)
      inside = inside || (q.size() < p.size() && is_prefix(q, p) && json_at(d.json, q));
    if (!inside && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

Doc marked(json j, std::vector<ValuePath> paths) {
  if (j.is_object() && j.value("kind", "") == "Secret" && j.value("apiVersion", "") == "v1") {
    paths.push_back({PathStep::attr("data")});
    paths.push_back({PathStep::attr("stringData")});
  }
  Doc d;
  d.json = std::move(j);
  d.sensitive = std::move(paths);
  return d;
}

Doc normalize_manifest(const Doc& manifest) {
  std::unique_ptr<MarkTree> marks = tree_of(manifest);
  Doc out = manifest;
  out.json = without_nulls(manifest.json, marks.get());
  return out;
}

const json* json_at(const json& j, const ValuePath& path) {
  const json* cur = &j;
  for (const PathStep& s : path) {
    if (s.is_index) {
      if (!cur->is_array() || s.index >= cur->size()) return nullptr;
      cur = &(*cur)[s.index];
    } else {
      if (!cur->is_object()) return nullptr;
      auto it = cur->find(s.key);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    }
  }
  return cur;
}

const json& member(const json& j, const std::string& key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string string_attr(const Doc& d, const std::string& key) {
  const json& v = member(d.json, key);  // an unknown value is null here
  return v.is_string() ? v.get<std::string>() : "";
}

bool bool_attr(const Doc& d, const std::string& key) {
  const json& v = member(d.json, key);
  return v.is_boolean() && v.get<bool>();
}

bool equal_content(const Doc& a, const Doc& b) {
  return a.json == b.json && unknown_set(a) == unknown_set(b);
}

bool same_json(const Doc& a, const Doc& b) {
  if (!a.wholly_known() || !b.wholly_known()) return false;
  return strip_nulls(a.json) == strip_nulls(b.json);
}

bool same_doc(const Doc& a, const Doc& b) {
  return equal_content(a, b) && effective_sensitive(a) == effective_sensitive(b);
}

std::string json_type_name(const json& j) {
  if (j.is_boolean()) return kind_name(ValueKind::Bool);
  if (j.is_number()) return kind_name(ValueKind::Number);
  if (j.is_string()) return kind_name(ValueKind::String);
  if (j.is_array()) return kind_name(ValueKind::Tuple);
  if (j.is_object()) return kind_name(ValueKind::Object);
  return kind_name(ValueKind::Null);
}

}  // namespace fedplan::kube
