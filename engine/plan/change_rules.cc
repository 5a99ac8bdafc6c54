// The rules that turn a prior object, a configuration and a provider's answer into a plan's
// decisions: ignore_changes, the paths that force a replacement, drift worth reporting, and
// why an object no longer in the configuration is deleted.
#include "engine/plan/change_rules.h"

#include <functional>

#include "lang/value_equality.h"

namespace fedplan {

ActionReason orphan_reason(const InstanceAddr& addr, const Instances& instances,
                           const std::set<ModulePath>& modules) {
  if (!modules.count(addr.resource.module)) return ActionReason::DeleteBecauseNoModule;
  auto it = instances.keys.find(addr.resource);
  if (it == instances.keys.end()) return ActionReason::DeleteBecauseNoResourceConfig;
  const ResourceKeys& k = it->second;
  bool want_int = k.expansion == Expansion::Count;
  bool want_str = k.expansion == Expansion::ForEach;
  bool have_int = addr.key.kind == InstanceKey::Kind::Int;
  bool have_str = addr.key.kind == InstanceKey::Kind::String;
  if (want_int != have_int || want_str != have_str)
    return ActionReason::DeleteBecauseWrongRepetition;
  return have_int ? ActionReason::DeleteBecauseCountIndex : ActionReason::DeleteBecauseEachKey;
}

bool drift_is_relevant(const ResourceSchema* schema, const Value& before, const Value& after) {
  if (same_value(before, after)) return false;
  if (!schema || before.is_null() || after.is_null() || !before.is_mapping() || !after.is_mapping())
    return true;
  auto settable = [&](const Value& v) {
    ValueMap out;
    for (const auto& [name, attr] : v.attributes()) {
      const AttributeSchema* a = schema->attribute(name);
      if (!a || !a->read_only) out.emplace(name, attr);
    }
    return Value::object(std::move(out));
  };
  return !same_value(settable(before), settable(after));
}

Value apply_ignore_changes(const Value& config, const Value& prior, const Lifecycle& lc) {
  if (prior.is_null() || !prior.known()) return config;
  if (lc.ignore_all_changes) {
    // Every argument keeps its prior value; only computed ones may still move.
    if (!config.is_mapping()) return config;
    ValueMap out = config.attributes();
    for (auto& [k, v] : out)
      if (const Value* p = prior.get(k)) v = *p;
    return Value::object(std::move(out));
  }
  Value result = config;
  for (const Traversal& t : lc.ignore_changes) {
    std::vector<std::string> path{t.root};
    bool ok = true;
    for (const TraversalStep& s : t.steps) {
      if (s.kind != TraversalStep::Kind::Attr && s.key.kind() != ValueKind::String) {
        ok = false;
        break;
      }
      path.push_back(s.kind == TraversalStep::Kind::Attr ? s.name : s.key.as_string());
    }
    if (!ok) continue;
    // Walk prior to find the value to keep, then rebuild config along the path.
    std::function<Value(const Value&, const Value*, size_t)> put =
        [&](const Value& cur, const Value* old, size_t i) -> Value {
      if (i == path.size()) return old ? *old : Value();
      if (!cur.is_mapping() || !cur.known()) return cur;
      ValueMap m = cur.attributes();
      const Value* old_child = old && old->is_mapping() ? old->get(path[i]) : nullptr;
      const Value* cur_child = cur.get(path[i]);
      if (!old_child && !cur_child) return cur;
      if (i + 1 == path.size()) {
        if (old_child)
          m[path[i]] = *old_child;
        else
          m.erase(path[i]);
      } else {
        m[path[i]] = put(cur_child ? *cur_child : Value::object({}), old_child, i + 1);
      }
      return cur.kind() == ValueKind::Map ? Value::map(std::move(m)) : Value::object(std::move(m));
    };
    result = put(result, &prior, 0);
  }
  return result;
}

bool replace_needed(const Value& prior, const Value& planned, const std::vector<ValuePath>& paths) {
  for (const ValuePath& p : paths) {
    const Value* a = &prior;
    const Value* b = &planned;
    for (const PathStep& s : p) {
      a = a ? (s.is_index ? a->at(s.index) : a->get(s.key)) : nullptr;
      b = b ? (s.is_index ? b->at(s.index) : b->get(s.key)) : nullptr;
    }
    if (!a || !b) {
      if (a != b) return true;
      continue;
    }
    if (!same_value(*a, *b)) return true;
  }
  return false;
}

}  // namespace fedplan
