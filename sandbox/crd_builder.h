// Building CustomResourceDefinition objects for the operator plays: printer columns, served
// versions with a schema (free-form or given) and the CRD itself, scoped and labelled.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fedplan::sandbox {

// One additionalPrinterColumns entry.
nlohmann::json crd_column(const char* name, const char* type, const char* path,
                          const char* desc = "", int priority = 0);

// A served version with a status subresource. `spec` is the spec's OpenAPI schema (null: an
// object keeping unknown fields); status always keeps unknown fields.
nlohmann::json crd_version(const char* name, bool storage,
                           nlohmann::json columns = nlohmann::json::array(),
                           nlohmann::json spec = nullptr);

// What a CRD is named and labelled, beyond its group, kind and versions.
struct CrdNames {
  std::string plural;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  nlohmann::json labels = nlohmann::json::object();
  bool cluster_scoped = false;
};

nlohmann::json make_crd(const std::string& group, const std::string& kind, const CrdNames& names,
                        nlohmann::json versions);

}  // namespace fedplan::sandbox
