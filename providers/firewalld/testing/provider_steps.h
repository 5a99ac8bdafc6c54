// Test helpers that drive a Provider the way the engine will: plan_change, then apply with the
// planned value, then read; each step fails the test case on an error diagnostic.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "providers/provider.h"

namespace fedplan::firewalld::testing {

inline std::string diag_text(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items)
    out += (x.severity == Severity::Error ? "Error: " : "Warning: ") + x.summary + "\n" + x.detail +
           "\n";
  return out;
}

inline Value attr(const Value& obj, const std::string& name) {
  const Value* v = obj.is_mapping() ? obj.get(name) : nullptr;
  return v ? *v : Value();
}

inline Value host_attr(const Value& state, const std::string& host, const std::string& name) {
  return attr(attr(attr(state, "hosts"), host), name);
}

// Plans `prior` -> `config` and applies the plan; returns the apply result.
inline ApplyResult plan_and_apply(Provider& p, const std::string& type, const Value& prior,
                                  const Value& config) {
  PlanResult plan = p.plan_change({type, prior, config});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), diag_text(plan.diags));
  return p.apply({type, prior, plan.planned, config});
}

// The same, requiring success; returns the new state.
inline Value converge(Provider& p, const std::string& type, const Value& prior,
                      const Value& config) {
  ApplyResult r = plan_and_apply(p, type, prior, config);
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  return r.state;
}

// Reads, requiring success.
inline Value refresh(Provider& p, const std::string& type, const Value& state) {
  ReadResult r = p.read(type, state);
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  return r.state;
}

// True when plan_change(prior, config) plans no change at all.
inline bool plans_noop(Provider& p, const std::string& type, const Value& prior,
                       const Value& config) {
  PlanResult plan = p.plan_change({type, prior, config});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), diag_text(plan.diags));
  return plan.requires_replace.empty() && plan.planned == prior;
}

}  // namespace fedplan::firewalld::testing
