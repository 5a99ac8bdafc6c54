// The kube_objects resource: a list of manifests (e.g. yamldecodeall of a file) planned and
// applied as one unit; namespaces and CRDs go first, objects dropped from the list are deleted.
#pragma once

#include "providers/kube/runtime.h"

namespace fedplan::kube {

// As plan_object and apply_object (object_resource.h), for a list of manifests.
DocPlan plan_objects(KubeRuntime& rt, const Doc& prior, const Doc& config);
DocState apply_objects(KubeRuntime& rt, const Doc& prior, bool deleting, const Doc& config,
                       const Doc& planned = Doc(), bool resumed = false);
Diagnostics validate_objects(const Doc& config);

}  // namespace fedplan::kube
