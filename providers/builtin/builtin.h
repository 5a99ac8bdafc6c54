// The providers every fedplan has without configuration: `null` and `local`. The CLI adds the
// others (kube, firewalld, openstack_lb) to the same registry itself.
#pragma once

#include "providers/provider.h"

namespace fedplan {

// Registers the `null` and `local` provider factories in `registry`.
void add_builtin_providers(ProviderRegistry& registry);

}  // namespace fedplan
