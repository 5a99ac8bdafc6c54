// The operator play: what an installed OpenShift Service Mesh operator does that federation
// relies on — CRDs, a root CA per control plane, gateway Services and Routes, Ready conditions
// for control planes and member rolls, and a plausible status for peers and exported sets.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// How the play behaves.
struct OssmOptions {
  // How long after a ServiceMeshControlPlane first appears it reports Ready.
  std::chrono::milliseconds ready_delay{2000};
};

// The OSSM CRDs (ServiceMeshControlPlane v1/v2, ServiceMeshMemberRoll, ServiceMeshMember,
// ServiceMeshPeer, ExportedServiceSet, ImportedServiceSet, VirtualService, DestinationRule,
// Gateway, ServiceEntry, AuthorizationPolicy, PeerAuthentication).
std::vector<nlohmann::json> ossm_crds();

// Reconciles SMCPs, SMMRs, peers and exported service sets. Its writes use the field manager
// "ossm-operator" (server-side apply, forced), so users see who set what.
class OssmOperator : public Controller {
 public:
  explicit OssmOperator(OssmOptions options) : options_(options) {}
  void reconcile(Cluster& cluster) override;

 private:
  void control_plane(Cluster& c, const nlohmann::json& smcp);
  void member_roll(Cluster& c, const nlohmann::json& smmr);
  void peer(Cluster& c, const nlohmann::json& peer);
  void exported_set(Cluster& c, const nlohmann::json& set);
  bool smcp_ready(Cluster& c, const nlohmann::json& smcp);

  OssmOptions options_;
  std::map<std::string, Clock::time_point> first_seen_;  // SMCP uid -> when seen
  uint64_t seen_rv_ = 0;
  bool waiting_ = false;  // some SMCP is not Ready yet
};

// Creates the CRDs (idempotently) and registers the operator with the cluster.
void install_ossm(Cluster& cluster, const OssmOptions& options);

}  // namespace fedplan::sandbox
