// The fields an API server fills in by itself (allocated addresses, defaulted spec fields),
// recognised and taken out of an imported object's manifest so it keeps what someone wrote.
#pragma once

#include <nlohmann/json.hpp>

namespace fedplan::kube {

// Removes from `obj` (a live object already without status and server metadata) the fields
// Kubernetes sets when they are left out, where they hold the value it would set: a Service's
// allocated clusterIP(s), IP families and default policies, ports' TCP protocol and
// targetPort equal to port; a pod template's default DNS and restart policies, scheduler,
// grace period, empty security context, and containers' default termination message settings,
// pull policy and empty resources; Deployment, StatefulSet and DaemonSet default strategies
// and history limits; a Namespace's `kubernetes` finalizer and metadata.name label; and the
// deployment revision annotation. What is left is what `kubectl get -o yaml` shows after
// kubectl-neat-style cleaning. Values other than the defaults are kept.
void drop_server_defaults(nlohmann::json& obj);

}  // namespace fedplan::kube
