// Test helpers for the Sail play: a harness with the Sail operator installed and a Ready
// Istio control plane in one call.
#pragma once

#include "sandbox/sail_operator.h"
#include "sandbox/testing/test_util.h"

namespace fedplan::sandbox::testing {

// A harness (fake clock) with the Sail play installed; Istio objects Ready after 3 s.
struct SailHarness : Harness {
  explicit SailHarness(const ClusterOptions& options = make_options("test", 7)) : Harness(options) {
    SailOptions o;
    o.ready_delay = std::chrono::milliseconds(3000);
    install_sail(cluster, o);
    cluster.tick();
  }

  int create_namespace(const std::string& name, const nlohmann::json& labels = {}) {
    nlohmann::json ns = {
        {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
    if (!labels.is_null()) ns["metadata"]["labels"] = labels;
    return post("/api/v1/namespaces", ns).status;
  }

  // Applies an Istio named `name` (YAML spec lines indented by two spaces under `spec:`).
  Reply apply_istio(const std::string& name, const std::string& spec_yaml) {
    return apply("/apis/sailoperator.io/v1/istios/" + name,
                 "apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata:\n  name: " + name +
                     "\nspec:\n" + spec_yaml,
                 "test");
  }

  // istio-system with a default Istio that has turned Ready.
  void ready_control_plane() {
    create_namespace("istio-system");
    apply_istio("default", "  namespace: istio-system\n  version: v1.26.0\n");
    advance(std::chrono::milliseconds(3000));
  }
};

}  // namespace fedplan::sandbox::testing
