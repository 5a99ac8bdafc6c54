// Small builders for render tests: values, addresses and changes written in one line each.
// Test-only; not part of fedplan_render.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/plan/plan.h"

namespace fedplan::testing {

inline Value S(std::string s) {
  return Value::string(std::move(s));
}
inline Value N(double n) {
  return Value::number(n);
}
inline Value B(bool b) {
  return Value::boolean(b);
}
inline Value Unknown() {
  return Value::unknown();
}
inline Value Secret(std::string s) {
  return Value::string(std::move(s)).mark_sensitive();
}
inline Value Obj(std::vector<std::pair<std::string, Value>> items) {
  ValueMap m;
  for (auto& [k, v] : items) m.emplace(k, v);
  return Value::object(std::move(m));
}
inline Value Map(std::vector<std::pair<std::string, Value>> items) {
  ValueMap m;
  for (auto& [k, v] : items) m.emplace(k, v);
  return Value::map(std::move(m));
}
inline Value List(ValueList items) {
  return Value::list(std::move(items));
}

// An address from its printed form; a bad address is a bug in the test.
inline InstanceAddr Addr(const std::string& text) {
  std::string err;
  auto a = parse_instance(text, &err);
  if (!a) throw std::runtime_error("bad address in test: " + text + ": " + err);
  return *a;
}
inline ProviderAddr Provider(const std::string& text) {
  std::string err;
  auto p = parse_provider(text, &err);
  if (!p) throw std::runtime_error("bad provider in test: " + text + ": " + err);
  return *p;
}

// A change of `addr` through provider kube.mesh1 unless told otherwise.
inline ResourceChange Change(const std::string& addr, Action action, Value before, Value after,
                             ActionReason reason = ActionReason::None,
                             const std::string& provider = "kube.mesh1") {
  ResourceChange ch;
  ch.addr = Addr(addr);
  ch.provider = Provider(provider);
  ch.action = action;
  ch.reason = reason;
  ch.before = std::move(before);
  ch.after = std::move(after);
  return ch;
}

inline Plan PlanOf(std::vector<ResourceChange> changes) {
  Plan p;
  p.changes = std::move(changes);
  p.prior_lineage = "3f1c2a9e-0000-4000-8000-000000000001";
  p.prior_serial = 7;
  return p;
}

}  // namespace fedplan::testing
