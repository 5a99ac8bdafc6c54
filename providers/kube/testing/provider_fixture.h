// A kube provider against an in-memory FakeCluster for unit tests: plan and apply steps that
// fail the test on error diagnostics, and the manifests the tests build.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "base/testing/fake_clock.h"
#include "lang/value_json.h"
#include "providers/kube/testing/fake_cluster.h"

namespace fedplan::kube::testing {

inline std::string diag_text(const Diagnostics& d) {
  return render_diagnostics(d, nullptr);
}

// A ConfigMap manifest whose data is {k: value}.
inline Value config_map(const std::string& name, const std::string& value,
                        const std::string& ns = "default") {
  return from_json({{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", name}, {"namespace", ns}}},
                    {"data", {{"k", value}}}});
}

// A ConfigMap manifest whose data is {k: its name}.
inline Value config_map_named(const std::string& name, const std::string& ns = "default") {
  return config_map(name, name, ns);
}

// A Value from JSON text (a manifest written out in a test).
inline Value json_value(const std::string& text) {
  return from_json(nlohmann::json::parse(text));
}

// A provider over a fresh fake cluster whose polls do not wait (the clock is fake).
struct ProviderFixture {
  std::shared_ptr<FakeCluster> cluster = std::make_shared<FakeCluster>();
  FakeClock clock;
  std::unique_ptr<Provider> p = fake_provider(cluster, clock);

  PlanResult plan(const std::string& type, const Value& prior, const Value& config) {
    return p->plan_change(PlanRequest{type, prior, config});
  }
  // Plans (which must succeed) and applies; the apply's diagnostics are the caller's to check.
  ApplyResult try_apply(const std::string& type, const Value& prior, const Value& config) {
    PlanResult pr = plan(type, prior, config);
    REQUIRE_MESSAGE(!pr.diags.has_errors(), diag_text(pr.diags));
    return p->apply(ApplyRequest{type, prior, pr.planned, config});
  }
  // Plans and applies, both of which must succeed; returns the new state.
  Value apply(const std::string& type, const Value& prior, const Value& config) {
    ApplyResult ar = try_apply(type, prior, config);
    REQUIRE_MESSAGE(!ar.diags.has_errors(), diag_text(ar.diags));
    return ar.state;
  }
};

}  // namespace fedplan::kube::testing
