// Registry: the kinds the sandbox serves (built-in and CRD-defined), how their URLs, kinds
// and schemas relate, and the discovery documents that describe them.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "sandbox/schema.h"

namespace fedplan::sandbox {

// A column of `kubectl get` output (a CRD's additionalPrinterColumns or a built-in's).
struct PrinterColumn {
  std::string name;
  std::string type;       // string, integer, date, ...
  std::string json_path;  // e.g. .status.phase
  std::string description;
};

// One served resource at one version: URL names, kind, scope and behaviour flags.
struct ResourceType {
  std::string group;  // "" for the core group
  std::string version;
  std::string kind;
  std::string plural;
  std::string singular;
  std::string list_kind;
  bool namespaced = true;
  bool has_status = false;  // a status subresource
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<std::string> verbs = {"create", "delete", "deletecollection", "get",
                                    "list",   "patch",  "update",           "watch"};
  std::vector<PrinterColumn> columns;
  std::string crd;      // name of the defining CRD, empty for built-ins
  bool storage = true;  // the version objects are stored in
  std::shared_ptr<const SchemaNode> schema;
  nlohmann::json openapi;  // the kind's OpenAPI v3 schema, when known

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  // The key objects of this resource are stored under, shared by all its versions.
  std::string storage_key() const { return group + "/" + plural; }
};

// All served types. Lookups return nullptr when nothing matches.
class Registry {
 public:
  // The built-in kinds: Namespace, ConfigMap, Secret, Service, ServiceAccount, Node, Event,
  // Deployment, Route, Lease, CustomResourceDefinition.
  static Registry with_builtins();

  void add(ResourceType t);
  // Registers every served version of a CRD object (replacing what it registered before).
  // False and *err when the CRD is not usable (the API server would reject it).
  bool add_crd(const nlohmann::json& crd, std::string* err);
  void remove_crd(const std::string& crd_name);

  const ResourceType* find(const std::string& group, const std::string& version,
                           const std::string& plural) const;
  const ResourceType* find_kind(const std::string& api_version, const std::string& kind) const;
  // Any version of a group/plural (for storage-wide work such as namespace cleanup).
  std::vector<const ResourceType*> storage_types() const;
  const std::vector<ResourceType>& types() const { return types_; }

  // Discovery documents.
  nlohmann::json core_versions(const std::string& server_address) const;  // /api
  nlohmann::json group_list() const;                                      // /apis
  nlohmann::json group(const std::string& name) const;                    // /apis/G (null if none)
  nlohmann::json resource_list(const std::string& group,
                               const std::string& version) const;  // null if unknown

 private:
  std::vector<ResourceType> types_;
};

// Checks a CRD the way the API server validates one; "" when valid, else the message.
std::string validate_crd(const nlohmann::json& crd);

}  // namespace fedplan::sandbox
