// firewalld_port: a port or port range of one protocol, open in a zone at runtime and/or
// permanently on every host of the provider. id = "zone/port/protocol".
#pragma once

#include <string>
#include <vector>

#include "providers/firewalld/transport.h"
#include "providers/provider.h"

namespace fedplan::firewalld {

ResourceSchema port_schema();
Diagnostics validate_port(const Value& config);
PlanResult plan_port(const PlanRequest& request);
ApplyResult apply_port(const Transport& transport, const ApplyRequest& request);
ReadResult read_port(const Transport& transport, const Value& state);
// Many at once: one --list-ports per zone, layer and host.
std::vector<ReadResult> read_ports(const Transport& transport, const std::vector<Value>& states);
// `id` is "zone/port/protocol" ("libvirt/31000/tcp", "libvirt/30000-30010/udp").
ReadResult import_port(const Transport& transport, const std::string& id);

}  // namespace fedplan::firewalld
