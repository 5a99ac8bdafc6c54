// The kube_objects resource: a list of manifests (e.g. yamldecodeall of a file) planned and
// applied as one unit; namespaces and CRDs go first, objects dropped from the list are deleted.
#pragma once

#include "providers/kube/runtime.h"
#include "providers/provider.h"

namespace fedplan::kube {

PlanResult plan_objects(KubeRuntime& rt, const PlanRequest& request);
ApplyResult apply_objects(KubeRuntime& rt, const ApplyRequest& request);
Diagnostics validate_objects(const Value& config);

}  // namespace fedplan::kube
