// The kube_object and kube_objects data sources: read one object by kind and name, or list
// objects by kind, namespace and selectors; the apiVersion may be left to discovery.
#pragma once

#include <string>

#include "providers/kube/runtime.h"

namespace fedplan::kube {

DocState read_data_source(KubeRuntime& rt, const std::string& type, const Doc& config);

}  // namespace fedplan::kube
