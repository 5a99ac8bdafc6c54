// Running the fedplan binary from end-to-end tests: one command in a directory with extra
// environment, to its end, with what it printed (and the project's paths compiled in).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace fedplan::e2e {

// How one command ended.
struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string error;  // why it did not run to its end (not found, timed out)

  std::string all() const { return out + err + error; }
};

std::string fedplan_binary();
std::string sandbox_binary();
std::string source_dir();  // the checkout: examples/, modules/, tests/e2e/config-poc/

// Runs `fedplan ARGS...` in `dir` with `env` added to the environment. NO_COLOR is set.
Run run_fedplan(const std::vector<std::string>& args, const std::string& dir,
                const std::map<std::string, std::string>& env = {},
                std::chrono::seconds timeout = std::chrono::seconds(300));

// Runs any program the same way (argv[0] found in PATH).
Run run_program(const std::vector<std::string>& argv,
                const std::map<std::string, std::string>& env = {},
                std::chrono::seconds timeout = std::chrono::seconds(120));

// Copies the example directory `name` (under examples/) into `to`, with `../../modules`
// pointing at the checkout's modules, so that runs leave no state file in the checkout.
void copy_example(const std::string& name, const std::string& to);

// The lines of a plan's text that announce an action, in order:
// "module.x.kube_object.y will be created" -> {"module.x.kube_object.y", "created"}; the
// actions are created, updated in-place, destroyed, replaced and read during apply.
std::vector<std::pair<std::string, std::string>> planned_actions(const std::string& plan_text);

// Number of planned actions `action` ("created", ...) whose address starts with `prefix`.
int count_actions(const std::vector<std::pair<std::string, std::string>>& actions,
                  const std::string& prefix, const std::string& action);

// The progress lines of an apply or destroy, in order: {"ADDR", "Creating..."},
// {"ADDR", "Creation complete"}, "Destroying...", "Destruction complete", "Reading...",
// "Read complete", "Modifying...", "Modifications complete".
std::vector<std::pair<std::string, std::string>> apply_events(const std::string& apply_text);

// The position of the first event `what` of `addr` (a prefix of the address when it ends in
// '*'), or -1.
int event_index(const std::vector<std::pair<std::string, std::string>>& events,
                const std::string& addr, const std::string& what);

// The counts of the "Plan: N to add, N to change, N to destroy." line, or {-1,-1,-1}.
struct PlanCounts {
  int add = -1, change = -1, destroy = -1;
  bool operator==(const PlanCounts&) const = default;
};
PlanCounts plan_counts(const std::string& plan_text);

}  // namespace fedplan::e2e
