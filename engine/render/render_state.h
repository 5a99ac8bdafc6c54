// Human-readable rendering of one recorded object for `fedplan state show`, HCL-shaped like
// Terraform's, with every value under a sensitive path printed as `(sensitive value)`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "state/state.h"

namespace fedplan {

// Renders
//   # kube_object.peer["mesh1"]:
//   resource "kube_object" "peer" {
//       name  = "peer"
//       token = (sensitive value)
//   }
// Attributes are sorted, `=` aligned per block, nulls inside objects left out, multi-line
// strings as heredocs.
std::string render_instance(const InstanceState& inst);

// True when `path` (an array of keys and indices) is, or lies below, one of `sensitive_paths`.
bool is_sensitive_path(const nlohmann::json& sensitive_paths, const nlohmann::json& path);

}  // namespace fedplan
