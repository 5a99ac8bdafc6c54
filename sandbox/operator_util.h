// What the operator plays share: conditions that keep their transition time, owner
// references, and the live (not terminating) objects of a resource.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// A status condition; its lastTransitionTime is kept from `old_status` while the condition's
// status stays the same, else it is `now`.
nlohmann::json condition(const nlohmann::json& old_status, const std::string& type, bool ok,
                         const std::string& reason, const std::string& message,
                         const std::string& now);

// Whether `obj`'s status has condition `type` with status True.
bool condition_true(const nlohmann::json& obj, const std::string& type);

// A controller owner reference to `owner` (apiVersion, kind, name and uid from it).
nlohmann::json owner_ref(const nlohmann::json& owner);

// The objects stored under `storage_key` ("group/plural") in `ns` ("" = all) that are not
// being deleted.
std::vector<nlohmann::json> live_objects(Cluster& c, const std::string& storage_key,
                                         const std::string& ns = "");

}  // namespace fedplan::sandbox
