// kube_istio_cacerts: Istio's plugged-in CA (`cacerts` Secret) made at apply, a per-cluster
// intermediate signed by a root whose key stays in a file, or a root of the mesh's own.
#pragma once

#include "base/clock.h"
#include "providers/kube/runtime.h"

namespace fedplan::kube {

// How `prior` (null: none) becomes `config` (null: deleted) at `now`: rotation (an update
// whose material is unknown until apply, with the reasons in the note) when the certificate
// expires within rotate_before, the Secret was changed out of band, the root or a setting of
// the certificate changed, or `rotation` changed; requires_replace when namespace or name did.
DocPlan plan_cacerts(const Doc& prior, const Doc& config, Clock::time_point now);
// Makes the key and certificates (when `planned` leaves them unknown), writes the Secret and
// restarts istiod when asked; deletes the Secret when `deleting`. Keys never reach the state.
DocState apply_cacerts(KubeRuntime& rt, const Doc& prior, bool deleting, const Doc& config,
                       const Doc& planned);
// Refresh: the live Secret's data digest and uid; null when the Secret is gone.
DocState read_cacerts(KubeRuntime& rt, const Doc& state);
Diagnostics validate_cacerts(const Doc& config);

}  // namespace fedplan::kube
