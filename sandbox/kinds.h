// Per-kind behaviour of the built-in kinds: what create resets, the defaults the API server
// fills in, validation with the server's messages, and status the sandbox derives itself.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

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

// Whether the sandbox's schema of the kind declares every field kube-apiserver knows (Secret,
// ConfigMap, Lease), so an undeclared field is an unknown one.
bool declares_every_field(const ResourceType& t);

// fieldValidation (Strict, Warn or Ignore) for kinds that declare every field: removes unknown
// fields from `obj`; Strict refuses them (400, naming each), Warn adds "unknown field \"x\""
// to `warnings`. Other kinds keep what they are given.
ApiError check_unknown_fields(const ResourceType& t, nlohmann::json& obj,
                              const std::string& validation, std::vector<std::string>* warnings);

// Checks the object (and, on update, what may not change from `old`).
ApiError validate_object(const ResourceType& t, const nlohmann::json& obj,
                         const nlohmann::json* old);

// Status the sandbox keeps itself: Namespace phase, Deployment replicas and conditions
// (no pods run, so what is asked for is reported available), Route admission, CRD conditions.
void derive_status(const ResourceType& t, nlohmann::json& obj, const std::string& cluster_name,
                   const std::string& now);

}  // namespace fedplan::sandbox
