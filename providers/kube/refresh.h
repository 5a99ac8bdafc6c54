// Refresh of kube_object and kube_objects states: one GET for a single read, one LIST per
// (apiVersion, kind, namespace) for many; and import of an existing object by id.
#pragma once

#include <string>
#include <vector>

#include "providers/kube/runtime.h"

namespace fedplan::kube {

// A null state reads as itself; an object that is gone reads as null.
DocState read_state(KubeRuntime& rt, const std::string& type, const Doc& state);
std::vector<DocState> read_states(KubeRuntime& rt, const std::string& type,
                                  const std::vector<Doc>& states);
DocState import_object(KubeRuntime& rt, const std::string& id);

}  // namespace fedplan::kube
