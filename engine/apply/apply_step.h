// One apply step's provider calls, made on a walker's worker: deletes, the final plan_change
// checked against the approved plan, apply with retries, data reads. Nothing here touches
// the state; the applier records what a call left, back on the walker's thread.
#pragma once

#include <cstdint>
#include <string>

#include "base/clock.h"
#include "engine/config/instances.h"
#include "engine/plan/plan.h"
#include "providers/provider.h"

namespace fedplan {

// The calls a step can make, in the order its action needs them (a replacement makes two).
enum class StepCall : uint8_t {
  DeleteDeposed,   // the deposed object `deposed_prior` (create_before_destroy, or a plan's)
  DeletePrior,     // the recorded object `prior`
  CreateOrUpdate,  // plan_change, the check against the plan, apply
  Read,            // a data source read deferred to apply
};

// One change being applied: what the walker's thread prepared for the calls, and what the
// last call left for it to record.
struct ApplyStep {
  const ResourceChange* change = nullptr;
  const ResourceInstance* instance = nullptr;  // null for state-only instances
  Provider* provider = nullptr;
  StepCall calls[2] = {};
  int call_count = 0;
  int next_call = 0;
  Clock::time_point started;  // when its first call began
  uint64_t ticket = 0;        // the state write request that holds its last record
  bool ok = false;            // how it went, while it waits for that write
  bool halted = false;        // a state write failed before its first call: not started
  bool await_intent = false;  // a create: its first call waits for a write holding its intent
  bool resumed = false;       // a create a killed run began (its intent was in the state)

  // Prepared on the walker's thread.
  Value prior;              // the recorded object (null: none)
  Value config;             // the evaluated arguments (CreateOrUpdate, Read)
  std::string deposed_key;  // the deposed object to delete
  Value deposed_prior;      // its recorded value (null: none)

  // Left by the last call.
  Diagnostics diags;
  bool failed = false;
  bool deleted = false;  // DeletePrior deleted the object
  bool record = false;   // CreateOrUpdate: `result` is to be recorded (tainted when set)
  bool tainted = false;
  Value result;  // CreateOrUpdate: the applied object; Read: the data read
};

// Makes `step`'s call `call`, retrying an apply that fails `retryable` up to `retries` times
// with a growing pause on `clock`.
void run_step_call(ApplyStep& step, StepCall call, int retries, Clock& clock);

// What a create's intent records (a pending create, read again after a kill): the approved
// planned value, its unknown attributes filled from `config`, the arguments evaluated at apply
// time (an id of an object created earlier in the same run is known by then).
Value create_intent(const Value& planned, const Value& config);

// "ADDR" or "ADDR (deposed object KEY)": how progress lines and messages name a change.
std::string name_of(const ResourceChange& ch);
// The progress words of an action.
struct ProgressWords {
  const char* start;  // "Creating..."
  const char* still;  // "Still creating..."
  const char* done;   // "Creation complete"
};
ProgressWords progress_words(Action a);

// A moment of a step: the same moments as the progress lines, and a failure.
enum class StepEvent : uint8_t { Start, Progress, Complete, Errored };
// The progress line of a moment: "ADDR: Creating...", "ADDR: Still creating... [10s elapsed]",
// "ADDR: Creation complete after 3s", "ADDR: Creation errored after 3s".
std::string progress_line(const ResourceChange& ch, StepEvent e, int64_t secs);
// The `id` attribute of `v` when it is a known string, not sensitive; "" otherwise.
std::string string_id(const Value& v);

}  // namespace fedplan
