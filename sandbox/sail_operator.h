// The Sail operator play (OpenShift Service Mesh 3): Istio makes IstioRevisions, a revision
// makes istiod (Deployment, Service, mesh ConfigMaps, root CA), IstioCNI and ZTunnel are
// installed, all Ready after a delay; istiod's Gateway API controller is in istio_gateways.h.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <string>

#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// How the Sail play behaves.
struct SailOptions {
  // How long after an IstioRevision, IstioCNI or ZTunnel first appears it reports Ready.
  std::chrono::milliseconds ready_delay{2000};
  // spec.version when an Istio leaves it out (the CRD's default).
  std::string default_version = "v1.26.0";
};

// The name of the IstioRevision an Istio makes: its own name with the InPlace strategy,
// NAME-VERSION (dots as dashes, "v1-26-0") with RevisionBased.
std::string revision_name(const nlohmann::json& istio, const std::string& default_version);

// "istiod" for the revision named "default", else "istiod-REVISION" (Deployment and Service).
std::string istiod_name(const std::string& revision);

// Reconciles sailoperator.io objects. Writes use the field manager "sail-operator".
class SailOperator : public Controller {
 public:
  explicit SailOperator(SailOptions options) : options_(std::move(options)) {}
  void reconcile(Cluster& cluster) override;

 private:
  void istio(Cluster& c, const nlohmann::json& istio);
  void istio_status(Cluster& c, const nlohmann::json& istio);
  void revision(Cluster& c, const nlohmann::json& rev);
  void component(Cluster& c, const nlohmann::json& obj, const std::string& service_account);
  // Ready once the delay has passed since `obj` was first seen; notes that a tick must come.
  bool ready_after_delay(Cluster& c, const nlohmann::json& obj);

  SailOptions options_;
  std::map<std::string, Clock::time_point> first_seen_;  // uid -> when seen
  uint64_t seen_rv_ = 0;
  bool waiting_ = false;
};

// Creates the Sail, Istio and Gateway API CRDs (idempotently) and registers the Sail
// operator and istiod's gateway controller with the cluster.
void install_sail(Cluster& cluster, const SailOptions& options);

}  // namespace fedplan::sandbox
