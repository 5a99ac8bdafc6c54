// Refresh of kube_object and kube_objects states: one GET for a single read, one LIST per
// (apiVersion, kind, namespace) for many; and import of an existing object by id.
#pragma once

#include <string>
#include <vector>

#include "providers/kube/runtime.h"
#include "providers/provider.h"

namespace fedplan::kube {

ReadResult read_state(KubeRuntime& rt, const std::string& type, const Value& state);
std::vector<ReadResult> read_states(KubeRuntime& rt, const std::string& type,
                                    const std::vector<Value>& states);
ReadResult import_object(KubeRuntime& rt, const std::string& id);

}  // namespace fedplan::kube
