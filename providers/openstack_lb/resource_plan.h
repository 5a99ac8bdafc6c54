// plan_change and validate for every Octavia resource, driven by its ResourceSpec: what is
// updated in place, what forces a replacement, what stays unknown until apply.
#pragma once

#include "providers/openstack_lb/resource_spec.h"

namespace fedplan::openstack_lb {

// The config's attributes converted to their types, every spec field present (null when
// unset), computed-only fields left out. Conversion errors go to `diags` when given.
ValueMap normalize_config(const ResourceSpec& spec, const Value& config,
                          Diagnostics* diags = nullptr);

// How `prior` becomes `config`:
// - create (no prior): config values, Optional defaults, everything Octavia chooses unknown;
// - no difference in what the config controls: planned is exactly `prior` (no-op);
// - a force_new attribute differs (or is unknown): replace, listed in requires_replace;
//   Octavia-chosen values become unknown;
// - an object whose prior provisioning_status is ERROR is replaced (Octavia refuses every
//   change to it but deletion);
// - otherwise an update in place; statuses become unknown.
// The config is validated first (validate_resource); errors leave planned null.
PlanResult plan_resource(const ResourceSpec& spec, const PlanRequest& request);

// Required attributes set, values of the right type, and the spec's own checks.
Diagnostics validate_resource(const ResourceSpec& spec, const Value& config);

}  // namespace fedplan::openstack_lb
