// The CustomResourceDefinitions of upstream Istio, the Kubernetes Gateway API and the Sail
// operator (OpenShift Service Mesh 3), as the operator plays install them.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

namespace fedplan::sandbox {

// networking.istio.io (VirtualService, DestinationRule, Gateway, ServiceEntry, WorkloadEntry,
// Sidecar: v1alpha3, v1beta1, v1) and security.istio.io (AuthorizationPolicy,
// PeerAuthentication, RequestAuthentication: v1beta1, v1). Shared by both plays.
std::vector<nlohmann::json> istio_crds();

// gateway.networking.k8s.io: GatewayClass, Gateway, HTTPRoute (v1, v1beta1), ReferenceGrant
// (v1beta1), with the standard channel's printer columns.
std::vector<nlohmann::json> gateway_api_crds();

// sailoperator.io/v1: Istio, IstioRevision, IstioRevisionTag, IstioCNI, ZTunnel (all
// cluster-scoped), with schemas for the fields the play reads.
std::vector<nlohmann::json> sail_crds();

}  // namespace fedplan::sandbox
