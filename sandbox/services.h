// Service allocation: cluster IPs, node ports (30000-32767, unique per sandbox) and
// LoadBalancer ingress addresses from the documentation range 192.0.2.0/24 (never contacted).
#pragma once

#include <nlohmann/json.hpp>

#include <random>
#include <string>

#include "sandbox/registry.h"
#include "sandbox/status.h"
#include "sandbox/store.h"

namespace fedplan::sandbox {

constexpr int kNodePortMin = 30000;
constexpr int kNodePortMax = 32767;

// Fills spec.clusterIP/clusterIPs, spec.ports[].nodePort and status.loadBalancer for `svc`,
// keeping what `old` (the stored version, or null) already had. Requested values must be free
// and in range, else a 422 as the API server gives. Without `load_balancers` a LoadBalancer
// Service's status stays empty (pending), as on a cluster without a cloud provider.
ApiError allocate_service(const Store& store, const ResourceType& t, nlohmann::json& svc,
                          const nlohmann::json* old, std::mt19937_64& rng, bool load_balancers);

}  // namespace fedplan::sandbox
