// EngineRig: a configuration directory, a state in memory, and plan and apply through the real
// engine, as the CLI runs them but in-process; the cross-module engine tests build on it.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "base/testing/temp_dir.h"
#include "engine/apply/applier.h"
#include "engine/render/render.h"
#include "state/memory_backend.h"

namespace fedplan::testing {

// Tests add their providers to `registry` and write main.fed.hcl into `dir`.
struct EngineRig {
  TempDir dir;
  ProviderRegistry registry;
  MemoryBackend backend;
  Diagnostics diags;

  void write(const std::string& text) { dir.write("main.fed.hcl", text); }

  State state() {
    Diagnostics d;
    auto s = backend.read(d);
    REQUIRE(s);
    return *s;
  }

  bool load(LoadedConfig& cfg) {
    LoadedConfigOptions o;
    o.dir = dir.path();
    return load_configuration(o, registry, cfg, diags);
  }

  // The plan against the state in `backend`; its errors are left in `diags` for the test.
  Plan plan(PlanOptions options = {}) {
    LoadedConfig cfg;
    REQUIRE_MESSAGE(load(cfg), render_diagnostics(diags, &cfg.config.sources));
    ProviderSet providers(registry);
    return make_plan(cfg, state(), "", providers, options, {}, diags);
  }

  // Plans and applies; the test stops when the plan has errors.
  ApplySummary apply(PlanOptions options = {}) {
    LoadedConfig cfg;
    REQUIRE_MESSAGE(load(cfg), render_diagnostics(diags, &cfg.config.sources));
    ProviderSet providers(registry);
    State s = state();
    Plan p = make_plan(cfg, s, "", providers, options, {}, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, &cfg.config.sources));
    return apply_plan(cfg, p, s, backend, providers, ApplyOptions{}, diags);
  }
};

}  // namespace fedplan::testing
