// Ownership: managedFields and 409 conflict causes read, conflict paths found in a manifest,
// and the words plans and errors use for foreign objects and taken fields.
#include "providers/kube/ownership.h"

#include <algorithm>

namespace fedplan::kube {

using nlohmann::json;

namespace {

// The manager named in a conflict cause: conflict with "kubectl-patch" using v1.
std::string quoted_manager(const std::string& message) {
  size_t a = message.find('"');
  if (a == std::string::npos) return "";
  size_t b = message.find('"', a + 1);
  return b == std::string::npos ? "" : message.substr(a + 1, b - a - 1);
}

// The end of the bracket that opens at `open` (quotes may hold ']'), or npos.
size_t bracket_end(const std::string& s, size_t open) {
  bool quoted = false;
  for (size_t i = open + 1; i < s.size(); ++i) {
    if (quoted && s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && s[i] == ']') {
      return i;
    }
  }
  return std::string::npos;
}

// A value inside a path bracket: JSON when it parses, else the text itself.
json bracket_value(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}

// Whether list element `e` is the one `[k=v,...]`, `[=v]` or `[N]` (at `index`) names.
bool element_matches(const json& e, size_t index, const std::string& inner) {
  if (!inner.empty() && inner[0] == '=') return e == bracket_value(inner.substr(1));
  if (!inner.empty() && std::all_of(inner.begin(), inner.end(), ::isdigit))
    return std::to_string(index) == inner;
  if (!e.is_object()) return false;
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i <= inner.size(); ++i) {
    if (i < inner.size() && inner[i] == '"') quoted = !quoted;
    if (i < inner.size() && (quoted || inner[i] != ',')) continue;
    std::string pair = inner.substr(start, i - start);
    start = i + 1;
    size_t eq = pair.find('=');
    if (eq == std::string::npos) return false;
    auto it = e.find(pair.substr(0, eq));
    if (it == e.end() || *it != bracket_value(pair.substr(eq + 1))) return false;
  }
  return true;
}

}  // namespace

std::vector<FieldConflict> conflicts_of(const json& status) {
  std::vector<FieldConflict> out;
  if (!status.is_object()) return out;
  const json* causes = nullptr;
  if (auto d = status.find("details"); d != status.end() && d->is_object())
    if (auto c = d->find("causes"); c != d->end() && c->is_array()) causes = &*c;
  if (!causes) return out;
  for (const json& c : *causes) {
    if (!c.is_object()) continue;
    std::string reason = c.value("reason", c.value("type", ""));
    if (reason != "FieldManagerConflict") continue;
    FieldConflict f{c.value("field", ""), quoted_manager(c.value("message", ""))};
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> managers_of(const json& live) {
  std::vector<std::string> out;
  const json* mf = nullptr;
  if (auto m = live.find("metadata"); live.is_object() && m != live.end() && m->is_object())
    if (auto f = m->find("managedFields"); f != m->end() && f->is_array()) mf = &*f;
  if (!mf) return out;
  for (const json& e : *mf) {
    std::string name = e.is_object() ? e.value("manager", "") : "";
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

bool fedplan_manages(const json& live) {
  std::vector<std::string> m = managers_of(live);
  return std::find(m.begin(), m.end(), kFieldManager) != m.end();
}

std::string foreign_object_detail(const ObjectRef& ref, const std::string& ns,
                                  const ClusterAccess& access,
                                  const std::vector<std::string>& managers) {
  ObjectRef at = ref;
  at.ns = ns;
  std::string made_by;
  for (const std::string& m : managers) made_by += (made_by.empty() ? "" : ", ") + m;
  std::string id = at.id();
  return at.kind + " " + (ns.empty() ? at.name : ns + "/" + at.name) + " (" + at.api_version +
         ") already exists on " + access.server + " (" + access.source +
         "), and fedplan's state has no record of it" +
         (made_by.empty() ? std::string() : " (its field managers: " + made_by + ")") +
         ". fedplan does not take over objects it did not create unless asked, so that a "
         "later destroy never deletes what others made.\n"
         "To manage it from this resource, adopt it in one of these ways, with ADDRESS the "
         "resource address this error is about:\n"
         "  - an import block: import { to = ADDRESS  id = \"" +
         id +
         "\" }\n"
         "  - the command: fedplan import ADDRESS " +
         id +
         "\n"
         "  - the resource argument adopt = true: the plan then says \"will be adopted\".\n"
         "Otherwise rename the object in the manifest, or delete the existing one.";
}

bool remove_field(json& manifest, const std::string& field) {
  json* parent = nullptr;
  json* at = &manifest;
  std::string last_key;
  size_t last_index = 0;
  size_t i = 0;
  while (i < field.size()) {
    if (field[i] == '.') {
      if (!at->is_object()) return false;
      // Keys may hold dots (label keys): take the longest key the rest of the path starts with.
      std::string rest = field.substr(i + 1);
      const std::string* best = nullptr;
      for (auto it = at->begin(); it != at->end(); ++it) {
        const std::string& k = it.key();
        if (rest.compare(0, k.size(), k) != 0) continue;
        if (rest.size() > k.size() && rest[k.size()] != '.' && rest[k.size()] != '[') continue;
        if (!best || k.size() > best->size()) best = &it.key();
      }
      if (!best) return false;
      last_key = *best;
      parent = at;
      at = &(*at)[last_key];
      i += 1 + last_key.size();
    } else if (field[i] == '[') {
      size_t end = bracket_end(field, i);
      if (end == std::string::npos || !at->is_array()) return false;
      std::string inner = field.substr(i + 1, end - i - 1);
      size_t found = at->size();
      for (size_t k = 0; k < at->size() && found == at->size(); ++k)
        if (element_matches((*at)[k], k, inner)) found = k;
      if (found == at->size()) return false;
      last_key.clear();
      last_index = found;
      parent = at;
      at = &(*at)[found];
      i = end + 1;
    } else {
      return false;
    }
  }
  if (!parent) return false;
  if (parent->is_object())
    parent->erase(last_key);
  else
    parent->erase(last_index);
  return true;
}

std::vector<FieldConflict> split_left(std::vector<FieldConflict>& conflicts,
                                      const std::vector<std::string>& leave_to) {
  std::vector<FieldConflict> left;
  std::erase_if(conflicts, [&](const FieldConflict& c) {
    bool leave = std::find(leave_to.begin(), leave_to.end(), c.manager) != leave_to.end();
    if (leave) left.push_back(c);
    return leave;
  });
  return left;
}

std::string takeover_note(const std::string& object, const std::vector<FieldConflict>& taken,
                          const std::vector<FieldConflict>& left) {
  std::string out;
  std::string who = object.empty() ? "" : object + ": ";
  for (const FieldConflict& c : taken)
    out += (out.empty() ? "" : "\n") + who + "takes " + c.field + " back from manager " + c.manager;
  for (const FieldConflict& c : left)
    out += (out.empty() ? "" : "\n") + who + "leaves " + c.field + " to manager " + c.manager +
           " (leave_fields_to)";
  return out;
}

}  // namespace fedplan::kube
