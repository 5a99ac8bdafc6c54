// The cluster side of kube_istio_cacerts and kube_remote_secret: write, read and delete the
// Secret that holds the material, and restart the istiod Deployments that must pick it up.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "providers/kube/runtime.h"

namespace fedplan::kube {

// A Secret fedplan writes whole: its identity, labels, annotations and data (base64 values).
struct PushedSecret {
  std::string ns;
  std::string name;
  nlohmann::json labels = nlohmann::json::object();
  nlohmann::json annotations = nlohmann::json::object();
  nlohmann::json data = nlohmann::json::object();
};

// Server-side apply of the Secret (fedplan takes every field: the material is fedplan's).
// *live is the stored Secret. Errors never quote the data (ObjectOps redacts a Secret's data).
bool push_secret(KubeRuntime& rt, const PushedSecret& s, nlohmann::json* live, OpError* err);
// GET of a Secret; true with a null *live when it does not exist.
bool read_secret(KubeRuntime& rt, const std::string& ns, const std::string& name,
                 nlohmann::json* live, OpError* err);
// Deletes a Secret and waits until it is gone; true when it is (or already was).
bool delete_secret(KubeRuntime& rt, const std::string& ns, const std::string& name, OpError* err);

// `kubectl rollout restart` of every istiod Deployment (label app=istiod) in `ns`: the pod
// template gets the annotation kubectl.kubernetes.io/restartedAt, then each Deployment is
// polled until its rollout is done (observedGeneration caught up, every replica updated and
// available) or `timeout` passes. *restarted names the Deployments ("ns/name").
bool restart_istiod(KubeRuntime& rt, const std::string& ns, std::chrono::milliseconds timeout,
                    std::vector<std::string>* restarted, OpError* err);

// Whether a Deployment's status says its latest template is rolled out.
bool rollout_done(const nlohmann::json& deployment);

}  // namespace fedplan::kube
