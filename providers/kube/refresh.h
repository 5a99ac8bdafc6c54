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

// Provider::other_object for kube_object and kube_objects: a kube_object's live value must
// name the recorded apiVersion, kind, namespace and name; each object of a kube_objects value
// must be one its record has (a refresh drops the objects that are gone). A namespace the
// record does not know (an intent whose manifest leaves it to the provider) matches any.
std::string other_object(const std::string& type, const Doc& recorded, const Doc& live);

}  // namespace fedplan::kube
