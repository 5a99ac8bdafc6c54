// Server-side apply after structured-merge-diff: applied field sets, comparisons, the merge,
// pruning of fields an applier dropped, and managedFields bookkeeping with conflicts.
#include "sandbox/ssa.h"

#include <algorithm>
#include <map>

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

bool is_object_like(const SchemaNode& s) {
  return !s.atomic && (s.type == SchemaNode::Type::Struct || s.type == SchemaNode::Type::Map ||
                       s.type == SchemaNode::Type::Unknown);
}

bool is_keyed_list(const SchemaNode& s) {
  return s.type == SchemaNode::Type::List && s.list_type != SchemaNode::ListType::Atomic;
}

// The path element of a list item: k:{...} for keyed lists, v:... for sets.
bool item_element(const json& item, const SchemaNode& list, size_t index, PathElement* out,
                  std::string* err) {
  if (list.list_type == SchemaNode::ListType::Set) {
    if (item.is_object() || item.is_array()) {
      *err = "element " + std::to_string(index) + ": a set may only hold scalars";
      return false;
    }
    *out = value_element(item);
    return true;
  }
  if (!item.is_object()) {
    *err = "element " + std::to_string(index) + ": expected an object in a keyed list";
    return false;
  }
  json key = json::object();
  for (const std::string& k : list.keys) {
    if (item.contains(k) && !item[k].is_null()) {
      key[k] = item[k];
    } else if (list.key_defaults.contains(k)) {
      key[k] = list.key_defaults[k];
    } else {
      *err = "element " + std::to_string(index) +
             ": associative list with keys has an element that omits key field \"" + k +
             "\" (and doesn't have default value)";
      return false;
    }
  }
  *out = key_element(key);
  return true;
}

bool walk_set(const json& v, const SchemaNode& s, FieldPath& path, FieldSet& out,
              std::string* err) {
  if (v.is_object() && is_object_like(s)) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      path.push_back(field_element(it.key()));
      const json& val = it.value();
      if (!walk_set(val, s.child(it.key()), path, out, err)) return false;
      if (val.is_null() || (val.is_object() && val.empty()) || !s.has_field(it.key()))
        out.insert(path);
      path.pop_back();
    }
    return true;
  }
  if (v.is_array() && is_keyed_list(s)) {
    FieldSet seen;
    for (size_t i = 0; i < v.size(); ++i) {
      PathElement pe;
      if (!item_element(v[i], s, i, &pe, err)) {
        *err = path_string(path) + ": " + *err;
        return false;
      }
      if (seen.children.count(pe)) {
        FieldPath p = path;
        p.push_back(pe);
        *err = path_string(path) + ": duplicate entries for key " + path_string({pe});
        return false;
      }
      seen.children[pe].member = true;
      path.push_back(pe);
      if (!walk_set(v[i], s.item(), path, out, err)) return false;
      out.insert(path);
      path.pop_back();
    }
    return true;
  }
  if (!path.empty()) out.insert(path);
  return true;
}

void add_all(const json& v, const SchemaNode& s, FieldPath& path, FieldSet& out) {
  if (!path.empty()) out.insert(path);
  if (v.is_object() && is_object_like(s)) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      path.push_back(field_element(it.key()));
      add_all(it.value(), s.child(it.key()), path, out);
      path.pop_back();
    }
  } else if (v.is_array() && is_keyed_list(s)) {
    std::string err;
    for (size_t i = 0; i < v.size(); ++i) {
      PathElement pe;
      if (!item_element(v[i], s, i, &pe, &err)) continue;
      path.push_back(pe);
      add_all(v[i], s.item(), path, out);
      path.pop_back();
    }
  }
}

// Items of a keyed list by path element; false when an item has no valid key.
bool index_items(const json& list, const SchemaNode& s, std::map<PathElement, size_t>* out) {
  std::string err;
  for (size_t i = 0; i < list.size(); ++i) {
    PathElement pe;
    if (!item_element(list[i], s, i, &pe, &err)) return false;
    (*out)[pe] = i;
  }
  return true;
}

void compare_at(const json& b, const json& a, const SchemaNode& s, FieldPath& path,
                Comparison& out) {
  if (b == a) return;
  if (b.is_object() && a.is_object() && is_object_like(s)) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      path.push_back(field_element(it.key()));
      auto old = b.find(it.key());
      if (old == b.end())
        add_all(it.value(), s.child(it.key()), path, out.added);
      else
        compare_at(*old, it.value(), s.child(it.key()), path, out);
      path.pop_back();
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (a.contains(it.key())) continue;
      path.push_back(field_element(it.key()));
      add_all(it.value(), s.child(it.key()), path, out.removed);
      path.pop_back();
    }
    return;
  }
  std::map<PathElement, size_t> bi, ai;
  if (b.is_array() && a.is_array() && is_keyed_list(s) && index_items(b, s, &bi) &&
      index_items(a, s, &ai)) {
    for (const auto& [pe, i] : ai) {
      path.push_back(pe);
      auto old = bi.find(pe);
      if (old == bi.end())
        add_all(a[i], s.item(), path, out.added);
      else
        compare_at(b[old->second], a[i], s.item(), path, out);
      path.pop_back();
    }
    for (const auto& [pe, i] : bi) {
      if (ai.count(pe)) continue;
      path.push_back(pe);
      add_all(b[i], s.item(), path, out.removed);
      path.pop_back();
    }
    return;
  }
  if (!path.empty()) out.modified.insert(path);
}

void remove_at(json& v, const FieldSet& set, const SchemaNode& s) {
  if (v.is_object() && is_object_like(s)) {
    for (const auto& [pe, child] : set.children) {
      if (pe.rfind("f:", 0) != 0) continue;
      std::string name = pe.substr(2);
      auto it = v.find(name);
      if (it == v.end()) continue;
      if (child.member)
        v.erase(it);
      else
        remove_at(*it, child, s.child(name));
    }
    return;
  }
  if (v.is_array() && is_keyed_list(s)) {
    json kept = json::array();
    std::string err;
    for (size_t i = 0; i < v.size(); ++i) {
      PathElement pe;
      if (!item_element(v[i], s, i, &pe, &err)) {
        kept.push_back(v[i]);
        continue;
      }
      auto it = set.children.find(pe);
      if (it == set.children.end()) {
        kept.push_back(v[i]);
      } else if (!it->second.member) {
        remove_at(v[i], it->second, s.item());
        kept.push_back(v[i]);
      }
    }
    v = std::move(kept);
  }
}

// Paths the API server never records as owned (identity and bookkeeping fields).
const FieldSet& strip_set() {
  static const FieldSet set = [] {
    FieldSet s;
    s.insert({"f:apiVersion"});
    s.insert({"f:kind"});
    s.insert({"f:metadata"});
    for (const char* f : {"name", "namespace", "creationTimestamp", "selfLink", "uid",
                          "clusterName", "generation", "managedFields", "resourceVersion"})
      s.insert({"f:metadata", std::string("f:") + f});
    return s;
  }();
  return set;
}

// The object without bookkeeping fields that must not count as changes.
json without_bookkeeping(const json& obj) {
  if (!obj.is_object()) return json::object();
  json o = obj;
  if (o.contains("metadata") && o["metadata"].is_object()) {
    json& m = o["metadata"];
    for (const char* f :
         {"managedFields", "resourceVersion", "creationTimestamp", "uid", "generation", "selfLink",
          "deletionTimestamp", "deletionGracePeriodSeconds"})
      m.erase(f);
  }
  return o;
}

std::vector<ManagerEntry> live_managers(const json& live, std::string* err) {
  std::vector<ManagerEntry> managers;
  if (live.is_object() && live.contains("metadata") && live["metadata"].is_object() &&
      live["metadata"].contains("managedFields"))
    read_managers(live["metadata"]["managedFields"], &managers, err);
  return managers;
}

void drop_empty(std::vector<ManagerEntry>& managers) {
  managers.erase(std::remove_if(managers.begin(), managers.end(),
                                [](const ManagerEntry& m) { return m.fields.empty(); }),
                 managers.end());
}

ManagerEntry* find_manager(std::vector<ManagerEntry>& managers, const ManagerEntry& me) {
  for (ManagerEntry& m : managers)
    if (m.same_manager(me)) return &m;
  return nullptr;
}

}  // namespace

bool ManagerEntry::same_manager(const ManagerEntry& o) const {
  if (manager != o.manager || operation != o.operation || subresource != o.subresource)
    return false;
  return operation == "Apply" || api_version == o.api_version;
}

bool to_field_set(const json& obj, const SchemaNode& schema, FieldSet* out, std::string* err) {
  *out = FieldSet{};
  FieldPath path;
  return walk_set(obj, schema, path, *out, err);
}

Comparison compare(const json& before, const json& after, const SchemaNode& schema) {
  Comparison c;
  FieldPath path;
  json b = before.is_null() ? json::object() : before;
  json a = after.is_null() ? json::object() : after;
  compare_at(b, a, schema, path, c);
  return c;
}

json merge_applied(const json& live, const json& config, const SchemaNode& s) {
  if (live.is_object() && config.is_object() && is_object_like(s)) {
    json out = live;
    for (auto it = config.begin(); it != config.end(); ++it) {
      if (it.value().is_null()) {
        out.erase(it.key());
        continue;
      }
      auto old = live.find(it.key());
      out[it.key()] =
          old == live.end() ? it.value() : merge_applied(*old, it.value(), s.child(it.key()));
    }
    return out;
  }
  std::map<PathElement, size_t> li;
  if (live.is_array() && config.is_array() && is_keyed_list(s) && index_items(live, s, &li)) {
    json out = live;
    std::string err;
    for (size_t i = 0; i < config.size(); ++i) {
      PathElement pe;
      if (!item_element(config[i], s, i, &pe, &err)) return config;
      auto it = li.find(pe);
      if (it == li.end()) {
        li[pe] = out.size();
        out.push_back(config[i]);
      } else {
        out[it->second] = merge_applied(out[it->second], config[i], s.item());
      }
    }
    return out;
  }
  return config;
}

json remove_fields(const json& obj, const FieldSet& set, const SchemaNode& schema) {
  json out = obj;
  remove_at(out, set, schema);
  return out;
}

bool read_managers(const json& mf, std::vector<ManagerEntry>* out, std::string* err) {
  out->clear();
  if (mf.is_null()) return true;
  if (!mf.is_array()) {
    *err = "metadata.managedFields must be a list";
    return false;
  }
  for (const json& e : mf) {
    if (!e.is_object()) {
      *err = "metadata.managedFields entries must be objects";
      return false;
    }
    ManagerEntry m;
    auto str = [&](const char* k) {
      return e.contains(k) && e[k].is_string() ? e[k].get<std::string>() : std::string();
    };
    m.manager = str("manager");
    m.operation = str("operation");
    m.api_version = str("apiVersion");
    m.time = str("time");
    m.subresource = str("subresource");
    if (e.contains("fieldsV1") && !fieldset_from_json(e["fieldsV1"], &m.fields, err)) return false;
    if (m.operation != "Apply" && m.operation != "Update" && !(e.empty())) {
      *err = "metadata.managedFields operation must be Apply or Update";
      return false;
    }
    out->push_back(std::move(m));
  }
  return true;
}

json write_managers(const std::vector<ManagerEntry>& managers) {
  json out = json::array();
  for (const ManagerEntry& m : managers) {
    json e = {{"manager", m.manager}, {"operation", m.operation}};
    if (!m.api_version.empty()) e["apiVersion"] = m.api_version;
    if (!m.time.empty()) e["time"] = m.time;
    e["fieldsType"] = "FieldsV1";
    e["fieldsV1"] = fieldset_to_json(m.fields);
    if (!m.subresource.empty()) e["subresource"] = m.subresource;
    out.push_back(std::move(e));
  }
  return out;
}

ManagedResult apply(const json& live, const json& config, const SchemaNode& schema,
                    const ManagedRequest& req) {
  ManagedResult r;
  std::vector<ManagerEntry> managers = live_managers(live, &r.error);
  if (!r.error.empty()) return r;
  json cfg = without_bookkeeping(config);
  FieldSet config_set;
  if (!to_field_set(cfg, schema, &config_set, &r.error)) return r;
  config_set = set_recursive_difference(set_difference(config_set, strip_set()), req.ignored);

  json live_obj = without_bookkeeping(live);
  json merged = merge_applied(live_obj, cfg, schema);
  Comparison cmp = compare(live_obj, merged, schema);
  FieldSet changed = set_union(cmp.modified, cmp.added);

  ManagerEntry me{req.manager, "Apply", req.api_version, req.time, req.subresource, {}};
  for (const ManagerEntry& m : managers) {
    if (m.same_manager(me)) continue;
    set_intersection(m.fields, changed).for_each([&](const FieldPath& p) {
      Conflict c;
      c.manager = m;
      c.manager.fields = {};
      c.path = p;
      r.conflicts.push_back(std::move(c));
    });
  }
  if (!r.conflicts.empty() && !req.force) return r;
  r.conflicts.clear();

  FieldSet previous;
  if (ManagerEntry* mine = find_manager(managers, me)) previous = mine->fields;
  FieldSet others;
  for (ManagerEntry& m : managers) {
    if (m.same_manager(me)) continue;
    m.fields = set_difference(set_difference(m.fields, changed), cmp.removed);
    others = set_union(others, m.fields);
  }
  // Fields this applier set before and dropped now go, unless someone still owns them or
  // something below them: a map it owned with '.' stays when it still applies a key in it.
  FieldSet dropped;
  set_difference(previous, config_set).for_each([&](const FieldPath& p) {
    if (!others.has_at_or_below(p) && !config_set.has_at_or_below(p)) dropped.insert(p);
  });
  merged = remove_fields(merged, dropped, schema);

  if (ManagerEntry* mine = find_manager(managers, me)) {
    // A no-op apply leaves the entry (and so the object) untouched.
    if (!(mine->fields == config_set) || mine->api_version != req.api_version)
      mine->time = req.time;
    mine->fields = config_set;
    mine->api_version = req.api_version;
  } else {
    me.fields = config_set;
    managers.push_back(std::move(me));
  }
  drop_empty(managers);
  if (merged.contains("metadata") && merged["metadata"].is_object())
    merged["metadata"].erase("managedFields");
  r.object = std::move(merged);
  r.managers = std::move(managers);
  return r;
}

ManagedResult update(const json& live, const json& updated, const SchemaNode& schema,
                     const ManagedRequest& req) {
  ManagedResult r;
  std::vector<ManagerEntry> managers = live_managers(live, &r.error);
  if (!r.error.empty()) return r;
  Comparison cmp = compare(without_bookkeeping(live), without_bookkeeping(updated), schema);
  FieldSet taken = set_union(cmp.modified, cmp.added);
  ManagerEntry me{req.manager, "Update", req.api_version, req.time, req.subresource, {}};
  for (ManagerEntry& m : managers) {
    if (m.same_manager(me)) continue;
    m.fields = set_difference(set_difference(m.fields, taken), cmp.removed);
  }
  ManagerEntry* mine = find_manager(managers, me);
  FieldSet fields = mine ? mine->fields : FieldSet{};
  fields = set_difference(set_union(fields, taken), cmp.removed);
  fields = set_recursive_difference(set_difference(fields, strip_set()), req.ignored);
  if (mine) {
    if (!(mine->fields == fields)) mine->time = req.time;
    mine->fields = fields;
  } else {
    me.fields = fields;
    managers.push_back(std::move(me));
  }
  drop_empty(managers);
  r.object = updated;
  if (r.object.contains("metadata") && r.object["metadata"].is_object())
    r.object["metadata"].erase("managedFields");
  r.managers = std::move(managers);
  return r;
}

std::string describe_manager(const ManagerEntry& m) {
  std::string s = json(m.manager).dump();
  if (!m.subresource.empty()) s += " with subresource " + json(m.subresource).dump();
  if (m.operation == "Update") s += " using " + m.api_version;
  return s;
}

std::string conflict_message(const std::vector<Conflict>& conflicts) {
  if (conflicts.size() == 1)
    return "Apply failed with 1 conflict: conflict with " + describe_manager(conflicts[0].manager) +
           ": " + path_string(conflicts[0].path);
  std::map<std::string, std::vector<std::string>> by_manager;
  for (const Conflict& c : conflicts)
    by_manager[describe_manager(c.manager)].push_back(path_string(c.path));
  std::string msg;
  for (const auto& [manager, paths] : by_manager) {
    if (!msg.empty()) msg += "\n";
    msg += "conflicts with " + manager + ":";
    for (const std::string& p : paths) msg += "\n- " + p;
  }
  return "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: " + msg;
}

}  // namespace fedplan::sandbox
