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
ReadResult read_zone(const Transport& transport, const Value& state);
// `id` is the zone name; an imported zone is owned by fedplan (destroy deletes it).
ReadResult import_zone(const Transport& transport, const std::string& id);

}  // namespace fedplan::firewalld
