// The OLM play: Operator Lifecycle Manager as OpenShift runs it, for the operators federation
// needs: a Subscription to a catalog package leads to an InstallPlan, a CSV and, after a delay,
// the operator's CRDs and its play; unknown packages or channels fail resolution as OLM does.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// The catalog every sandbox with OLM serves, as on OpenShift.
inline constexpr const char* kOlmCatalog = "redhat-operators";
inline constexpr const char* kOlmCatalogNamespace = "openshift-marketplace";
// The namespace of cluster-wide operators, with its global OperatorGroup.
inline constexpr const char* kOlmGlobalNamespace = "openshift-operators";

// One package of the catalog: what a Subscription names and what installing it brings.
struct OlmPackage {
  std::string name;          // spec.name of a Subscription: servicemeshoperator
  std::string display_name;  // Red Hat OpenShift Service Mesh
  std::string default_channel;
  std::vector<std::string> channels;
  std::string csv;  // the head of every channel: servicemeshoperator.v2.6.5
  // The CRDs the operator owns (created when it is installed).
  std::function<std::vector<nlohmann::json>()> crds;
  // Registers the operator's play (its controllers) with the cluster; may be empty.
  std::function<void(Cluster&)> start;
};

// How the play behaves, and what the operators it installs do.
struct OlmOptions {
  // How long after its InstallPlan is approved a CSV stays Installing before it Succeeds and
  // the operator's CRDs are served.
  std::chrono::milliseconds install_delay{2000};
  // How long the OSSM and Sail plays take to make control planes Ready.
  std::chrono::milliseconds ready_delay{2000};
};

// The redhat-operators catalog: servicemeshoperator (OSSM 2, Maistra), servicemeshoperator3
// (OSSM 3, Sail), kiali-ossm and jaeger-product.
std::vector<OlmPackage> olm_catalog(const OlmOptions& options);

// operators.coreos.com: Subscription, InstallPlan, ClusterServiceVersion, CatalogSource
// (v1alpha1) and OperatorGroup (v1).
std::vector<nlohmann::json> olm_crds();
// kiali.io/v1alpha1 Kiali and OSSMConsole; jaegertracing.io/v1 Jaeger.
std::vector<nlohmann::json> kiali_crds();
std::vector<nlohmann::json> jaeger_crds();

// Resolves Subscriptions, runs InstallPlans and CSVs, and installs operators. Its writes use
// the field manager "olm".
class OlmOperator : public Controller {
 public:
  explicit OlmOperator(OlmOptions options);
  void reconcile(Cluster& cluster) override;
  // Starts the package's operator once in this process (its CRDs, then its play).
  void install(Cluster& c, const OlmPackage& p);

 private:
  void subscription(Cluster& c, const nlohmann::json& sub);
  void install_plan(Cluster& c, const nlohmann::json& plan);
  void csv(Cluster& c, const nlohmann::json& csv);
  const OlmPackage* package_of_csv(const std::string& csv_name) const;

  OlmOptions options_;
  std::vector<OlmPackage> catalog_;
  std::set<std::string> installed_;                    // packages whose play runs here
  std::map<std::string, Clock::time_point> approved_;  // CSV uid -> when its install began
  uint64_t seen_rv_ = 0;
  bool waiting_ = false;
};

// Serves the OLM kinds, the catalog (a CatalogSource) and the global OperatorGroup, and
// registers the play. `operators_installed`: the sandbox's default, where the Service Mesh,
// Sail, Kiali and Jaeger operators are already there (their CRDs and plays); false starts
// a cluster on which only a Subscription brings them.
void install_olm(Cluster& cluster, const OlmOptions& options, bool operators_installed);

}  // namespace fedplan::sandbox
