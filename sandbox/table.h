// Table output (meta.k8s.io/v1 Table), which `kubectl get` asks for: per-kind columns as the
// API server prints them, the CRD's additionalPrinterColumns, and an age column.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include "sandbox/registry.h"

namespace fedplan::sandbox {

// Converts an object or a list of `t` into a Table. `include_object` is None, Metadata
// (default) or Object, as in the includeObject query parameter.
nlohmann::json to_table(const ResourceType& t, const nlohmann::json& obj_or_list,
                        std::chrono::system_clock::time_point now,
                        const std::string& include_object);

// Converts an object or list into PartialObjectMetadata(List) (as=PartialObjectMetadata...).
nlohmann::json to_partial_metadata(const nlohmann::json& obj_or_list, bool is_list);

}  // namespace fedplan::sandbox
