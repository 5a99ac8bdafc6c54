// The provider types this fedplan binary carries, composed into one registry.
// Built per run by the CLI (never global) so tests can compose their own.
#pragma once

#include "providers/provider.h"

namespace fedplan {

// null, local, kube, firewalld and openstack_lb.
ProviderRegistry make_registry();

}  // namespace fedplan
