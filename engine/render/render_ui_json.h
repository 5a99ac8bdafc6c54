// Terraform's machine-readable UI (`plan -json`, `apply -json`): one JSON object per line,
// each with @level, @message, @module "fedplan.ui", @timestamp and type. Also the
// diagnostics of `validate -json`.
#pragma once

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/diagnostics.h"
#include "engine/plan/plan.h"
#include "state/state.h"

namespace fedplan {

// One diagnostic as Terraform's JSON writes it: severity, summary, detail, range (filename,
// start and end with line, column, byte) and a snippet of the line when `sources` has it.
nlohmann::json diagnostic_json(const Diagnostic& d, const SourceFiles* sources);

// `validate -json`: format_version "1.0", valid, error_count, warning_count, diagnostics.
std::string render_validate_json(const Diagnostics& diags, const SourceFiles* sources);

// What a change summary counts, and for which operation ("plan", "apply" or "destroy").
struct UiCounts {
  int add = 0, change = 0, remove = 0;
  const char* operation = "apply";
  int import = 0;  // objects import blocks adopt (planned) or adopted (applied)
};

// The phase of one apply step a hook reports (apply_start ... apply_errored).
enum class UiHook : uint8_t { Start, Progress, Complete, Errored };

// Writes the stream. Messages may come from several threads (apply's workers); each line is
// written whole under a lock.
class JsonUi {
 public:
  JsonUi(std::ostream& out, Clock& clock) : out_(out), clock_(clock) {}

  // The first message: fedplan's and the Terraform UI's versions.
  void version();
  void log(const std::string& message);
  void diagnostics(const Diagnostics& diags, const SourceFiles* sources);
  // A progress line of the plan: "ADDR: Refreshing state..." becomes refresh_start (the
  // address is remembered for refresh_complete), "ADDR: Planning..." nothing (planned_change
  // follows), anything else a log message.
  void plan_progress(const std::string& line);
  // refresh_complete for every refresh_start so far (refresh reads a type in one batch, so
  // the reads end together, when the plan's refresh phase does).
  void refresh_done();
  // resource_drift per drift, planned_change per change that does something, change_summary
  // and every output with its action (no values).
  void plan(const Plan& plan);
  // apply_start ... apply_errored of `ch`; `line` is the progress line of the moment, `id`
  // the object's id ("": none), given as id_key "id" and id_value.
  void apply_hook(const ResourceChange& ch, UiHook hook, int64_t elapsed_seconds,
                  const std::string& line, const std::string& id);
  // The state being refreshed, whose `id` attributes refresh_start and refresh_complete give.
  void use_prior(const State* prior) { prior_ = prior; }
  // "Plan: ..." when `planned`, else "Apply complete! ..." or "Destroy complete! ...".
  void change_summary(const UiCounts& counts, bool planned);
  // The outputs after apply, with types and values (sensitive ones without a value).
  void outputs(const State& state);

 private:
  std::string prior_id(const InstanceAddr& addr) const;  // "" when none or sensitive
  void emit(const char* level, const std::string& message, const char* type, nlohmann::json body);

  std::mutex mu_;
  std::ostream& out_;
  Clock& clock_;
  std::vector<InstanceAddr> refreshing_;
  const State* prior_ = nullptr;
};

}  // namespace fedplan
