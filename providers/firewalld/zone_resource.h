// firewalld_zone: a zone in the permanent configuration of every host, with its target,
// description, sources and interfaces. A zone that already exists is adopted, never deleted.
#pragma once

#include <string>

#include "providers/firewalld/transport.h"
#include "providers/provider.h"

namespace fedplan::firewalld {

ResourceSchema zone_schema();
Diagnostics validate_zone(const Value& config);
PlanResult plan_zone(const PlanRequest& request);
ApplyResult apply_zone(const Transport& transport, const ApplyRequest& request);
// With `pending`, `state` is a create's intent (Provider::read_pending): a zone found on a host
// the intent does not list is the killed run's, fedplan's own, not adopted.
ReadResult read_zone(const Transport& transport, const Value& state, bool pending = false);
// `id` is the zone name; an imported zone is owned by fedplan (destroy deletes it).
ReadResult import_zone(const Transport& transport, const std::string& id);

}  // namespace fedplan::firewalld
