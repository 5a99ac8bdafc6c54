// Per-kind behaviour of the built-in kinds: what create resets, the defaults the API server
// fills in, validation with the server's messages, and status the sandbox derives itself.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sandbox/registry.h"
#include "sandbox/status.h"

namespace fedplan::sandbox {

// Whether metadata.generation is kept for the kind (it counts spec changes).
bool uses_generation(const ResourceType& t);

// Clears what a client may not set when creating (status of kinds with a status subresource).
void prepare_create(const ResourceType& t, nlohmann::json& obj);

// Fills in defaults (Service type and port protocol, Deployment replicas, Secret type, ...)
// and folds Secret stringData into data.
void apply_defaults(const ResourceType& t, nlohmann::json& obj);

// Checks the object (and, on update, what may not change from `old`).
ApiError validate_object(const ResourceType& t, const nlohmann::json& obj,
                         const nlohmann::json* old);

// Status the sandbox keeps itself: Namespace phase, Deployment replicas and conditions
// (no pods run, so what is asked for is reported available), Route admission, CRD conditions.
void derive_status(const ResourceType& t, nlohmann::json& obj, const std::string& cluster_name,
                   const std::string& now);

}  // namespace fedplan::sandbox
