// The scale subresource of Deployments (autoscaling/v1 Scale), which `kubectl scale` uses.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// The Scale of a Deployment: spec.replicas, status.replicas and the selector as text.
Outcome get_scale(Cluster& c, const ResourceType& t, const std::string& ns,
                  const std::string& name);

// Writes a Scale (a PUT body, or the result of patching the current Scale) to the Deployment.
Outcome put_scale(Cluster& c, const ResourceType& t, const std::string& ns, const std::string& name,
                  const nlohmann::json& scale, const WriteOptions& opts);

// Patches the current Scale with a merge, strategic merge or JSON patch, then writes it.
Outcome patch_scale(Cluster& c, const ResourceType& t, const std::string& ns,
                    const std::string& name, PatchKind kind, const std::string& body,
                    const WriteOptions& opts);

}  // namespace fedplan::sandbox
