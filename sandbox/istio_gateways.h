// istiod's Gateway API controller, as the Sail play runs it: the `istio` and `istio-remote`
// GatewayClasses, a Deployment and Service per `istio` Gateway, and Gateway/HTTPRoute status.
#pragma once

#include <nlohmann/json.hpp>

#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// Works while some IstioRevision is Ready (istiod runs). A Gateway of class `istio` gets a
// ServiceAccount, Deployment and Service named GATEWAY-istio; the Service is a LoadBalancer
// unless the annotation networking.istio.io/service-type says otherwise, and carries the
// Gateway's labels (topology.istio.io/network for an east-west gateway). Field manager
// "istio.io/gateway-controller".
class IstioGatewayController : public Controller {
 public:
  void reconcile(Cluster& cluster) override;

 private:
  void gateway(Cluster& c, const nlohmann::json& gw, const std::string& revision);
  void route(Cluster& c, const nlohmann::json& route);
  uint64_t seen_rv_ = 0;
};

}  // namespace fedplan::sandbox
