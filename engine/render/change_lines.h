// The lines every renderer shares: one resource change, one drifted object, the output changes,
// and which changes a plan displays in which order.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/render/diff_line.h"

namespace fedplan {

// The changes a plan shows: managed objects with an action, and data sources read during
// apply; no-ops are left out. Sorted by address.
std::vector<const ResourceChange*> displayed_changes(const Plan& plan);

// The output changes a plan shows (no-ops left out), sorted by name.
std::vector<const OutputChange*> displayed_outputs(const Plan& plan);

// "kube_object.a will be created", "... must be replaced", "... will be destroyed", ...
std::string change_heading(const ResourceChange& ch);

// Terraform's reason comment without the `# `, e.g. `(because key ["mesh3"] is not in for_each
// map)`; "" when the action says it all.
std::string reason_text(const ResourceChange& ch);

// Heading, reason, provider note and the `resource "T" "N" { ... }` block with its diff.
DiffLines resource_change_lines(const ResourceChange& ch);

// `# ADDR has changed` / `# ADDR has been deleted` and the recorded -> live diff.
DiffLines drift_lines(const Drift& d);

// `name = value` lines for the output changes shown.
DiffLines output_change_lines(const Plan& plan);

// "1 to add, 2 to change, 0 to destroy"
std::string counts_text(const Plan::Counts& c);

// What an apply or destroy did, after "Apply complete! Resources: ", as Terraform words it:
// "1 imported, 0 added, 0 changed, 0 destroyed." (imports only when there were some); a
// destroy counts only what it destroyed.
std::string applied_counts_text(int imported, int added, int changed, int destroyed, bool destroy);

}  // namespace fedplan
