// Server-written fields out of markdown diffs, and the changed-paths form a comment falls back
// to when the full diffs do not fit.
#include "engine/render/render_markdown_fields.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "engine/render/change_lines.h"
#include "engine/render/value_diff.h"

namespace fedplan {
namespace {

// ObjectMeta fields marked "Populated by the system. Read-only." in the Kubernetes API
// reference, plus managedFields, which the server keeps for server-side apply.
constexpr std::array<std::string_view, 8> kSystemMetadata = {
    "creationTimestamp", "deletionGracePeriodSeconds",
    "deletionTimestamp", "generation",
    "managedFields",     "resourceVersion",
    "selfLink",          "uid"};

bool readable(const Value& v) {
  return v.known() && !v.sensitive();
}

bool is_kube_object(const Value& v) {
  const Value* api = v.get("apiVersion");
  const Value* kind = v.get("kind");
  return api && kind && readable(*api) && readable(*kind) && api->kind() == ValueKind::String &&
         kind->kind() == ValueKind::String;
}

Value without_system_metadata(const Value& meta) {
  if (!readable(meta) || !meta.is_mapping()) return meta;
  ValueMap kept;
  for (const auto& [k, e] : meta.attributes())
    if (std::find(kSystemMetadata.begin(), kSystemMetadata.end(), k) == kSystemMetadata.end())
      kept.emplace(k, without_server_fields(e));
  Value out =
      meta.kind() == ValueKind::Map ? Value::map(std::move(kept)) : Value::object(std::move(kept));
  return out.with_marks(meta.marks());
}

// A value short enough to print on a changed-path line; "" when it is not.
std::string short_value(const Value& v) {
  constexpr size_t kMax = 80;
  if (readable(v) && v.kind() == ValueKind::String && v.as_string().find('\n') != std::string::npos)
    return "";
  std::string s = render_scalar(v);
  return s.size() <= kMax ? s : "";
}

// True when a path forcing the replacement is at, under or above `path`: its line is the one
// that says so.
bool forces(const ValuePath& path, const std::vector<ValuePath>& forced) {
  for (const ValuePath& f : forced) {
    size_t n = std::min(f.size(), path.size());
    if (std::equal(f.begin(), f.begin() + n, path.begin())) return true;
  }
  return false;
}

// Appends one line per changed path between `b` and `a` (either may be null for absent).
void changed_paths(const Value* b, const Value* a, ValuePath& path,
                   const std::vector<ValuePath>& forced, DiffLines* out) {
  bool has_b = b && !b->is_null(), has_a = a && !a->is_null();
  if (!has_b && !has_a) return;
  std::string name = path_to_string(path);
  if (!name.empty() && name[0] == '.') name.erase(0, 1);
  if (!has_b || !has_a) {
    std::string v = short_value(has_a ? *a : *b);
    Action marker = has_a ? Action::Create : Action::Delete;
    out->push_back(DiffLine::body(0, marker, has_a && !v.empty() ? name + " = " + v : name));
    out->back().forces_replacement = forces(path, forced);
    return;
  }
  if (prints_same(*b, *a)) return;
  if (readable(*b) && readable(*a) && b->is_mapping() && a->is_mapping()) {
    std::vector<std::string> keys;
    for (const auto& [k, e] : b->attributes()) keys.push_back(k);
    for (const auto& [k, e] : a->attributes())
      if (!b->get(k)) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    for (const std::string& k : keys) {
      path.push_back(PathStep::attr(k));
      changed_paths(b->get(k), a->get(k), path, forced, out);
      path.pop_back();
    }
    return;
  }
  if (readable(*b) && readable(*a) && b->is_sequence() && a->is_sequence()) {
    // Equal heads and tails are skipped, so an element appended or removed is named by its
    // own index rather than shifting every element after it.
    const ValueList& bl = b->elements();
    const ValueList& al = a->elements();
    size_t head = 0;
    while (head < bl.size() && head < al.size() && prints_same(bl[head], al[head])) ++head;
    size_t tail = 0;
    while (tail < bl.size() - head && tail < al.size() - head &&
           prints_same(bl[bl.size() - 1 - tail], al[al.size() - 1 - tail]))
      ++tail;
    for (size_t i = head; i < std::max(bl.size(), al.size()) - tail; ++i) {
      path.push_back(PathStep::at(i));
      changed_paths(i < bl.size() - tail ? &bl[i] : nullptr,
                    i < al.size() - tail ? &al[i] : nullptr, path, forced, out);
      path.pop_back();
    }
    return;
  }
  std::string vb = short_value(*b), va = short_value(*a);
  std::string text = name;
  if (b->sensitive() || a->sensitive())
    text += " = (sensitive value)";
  else if (!vb.empty() && !va.empty())
    text += " = " + vb + " -> " + va;
  out->push_back(DiffLine::body(0, Action::Update, text));
  out->back().forces_replacement = forces(path, forced);
}

}  // namespace

Value without_server_fields(const Value& v) {
  if (!readable(v) || !v.is_collection()) return v;
  if (v.is_sequence()) {
    ValueList items;
    for (const Value& e : v.elements()) items.push_back(without_server_fields(e));
    Value out = v.kind() == ValueKind::Tuple ? Value::tuple(std::move(items))
                : v.kind() == ValueKind::Set ? Value::set(std::move(items))
                                             : Value::list(std::move(items));
    return out.with_marks(v.marks());
  }
  bool kube = is_kube_object(v);
  ValueMap kept;
  for (const auto& [k, e] : v.attributes()) {
    if (kube && k == "status") continue;
    kept.emplace(k,
                 kube && k == "metadata" ? without_system_metadata(e) : without_server_fields(e));
  }
  Value out =
      v.kind() == ValueKind::Map ? Value::map(std::move(kept)) : Value::object(std::move(kept));
  return out.with_marks(v.marks());
}

ResourceChange without_server_fields(const ResourceChange& ch) {
  ResourceChange out = ch;
  out.before = without_server_fields(ch.before);
  out.after = without_server_fields(ch.after);
  return out;
}

Drift without_server_fields(const Drift& d) {
  Drift out = d;
  out.recorded = without_server_fields(d.recorded);
  out.live = without_server_fields(d.live);
  return out;
}

DiffLines changed_attribute_lines(const ResourceChange& ch) {
  DiffLines out;
  out.push_back(DiffLine::heading(change_heading(ch)));
  std::string reason = reason_text(ch);
  if (!reason.empty()) out.push_back(DiffLine::comment(reason));
  if (ch.action == Action::Create || ch.action == Action::Delete || ch.action == Action::Read)
    return out;
  ValuePath path;
  changed_paths(&ch.before, &ch.after, path, ch.replace_paths, &out);
  return out;
}

DiffLines changed_attribute_lines(const Drift& d) {
  DiffLines out;
  out.push_back(drift_lines(d).front());
  if (d.live.is_null()) return out;
  ValuePath path;
  static const std::vector<ValuePath> kNone;
  changed_paths(&d.recorded, &d.live, path, kNone, &out);
  return out;
}

}  // namespace fedplan
