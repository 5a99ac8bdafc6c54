// The kube provider's schema: the provider block, resources kube_object and kube_objects,
// data sources kube_object and kube_objects.
#pragma once

#include "providers/provider.h"

namespace fedplan::kube {

const ProviderSchema& kube_schema();

}  // namespace fedplan::kube
