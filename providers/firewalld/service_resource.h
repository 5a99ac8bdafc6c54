// firewalld_service: a firewalld service (a named set of ports, e.g. "http") enabled in a zone
// at runtime and/or permanently on every host of the provider. id = "zone/service".
#pragma once

#include <string>
#include <vector>

#include "providers/firewalld/transport.h"
#include "providers/provider.h"

namespace fedplan::firewalld {

ResourceSchema service_schema();
Diagnostics validate_service(const Value& config);
PlanResult plan_service(const PlanRequest& request);
ApplyResult apply_service(const Transport& transport, const ApplyRequest& request);
ReadResult read_service(const Transport& transport, const Value& state);
// Many at once: one --list-services per zone, layer and host.
std::vector<ReadResult> read_services(const Transport& transport, const std::vector<Value>& states);
// `id` is "zone/service" ("libvirt/http").
ReadResult import_service(const Transport& transport, const std::string& id);

}  // namespace fedplan::firewalld
