// The firewalld_zone data source: a zone's ports, services, sources, interfaces and target as
// the hosts have them now (runtime by default, or the permanent configuration).
#pragma once

#include "providers/firewalld/transport.h"
#include "providers/provider.h"

namespace fedplan::firewalld {

ResourceSchema zone_data_schema();
Diagnostics validate_zone_data(const Value& config);
// With several hosts the top-level attributes are the first host's; `hosts` has every host's.
ReadResult read_zone_data(const Transport& transport, const Value& config);

}  // namespace fedplan::firewalld
