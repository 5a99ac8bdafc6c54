// The firewalld provider: firewalld_zone, firewalld_port and firewalld_service resources and the
// firewalld_zone data source, through firewall-cmd locally or over ssh on one host or many.
#pragma once

#include <memory>

#include "base/process.h"
#include "providers/provider.h"

namespace fedplan {

// An unconfigured firewalld provider that runs its commands through `runner` (a
// SubprocessRunner in the program, a fake in unit tests).
std::unique_ptr<Provider> make_firewalld_provider(std::shared_ptr<ProcessRunner> runner);

}  // namespace fedplan
