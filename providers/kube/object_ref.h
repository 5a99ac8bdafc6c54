// ObjectRef: which Kubernetes object a manifest or state is about (apiVersion, kind,
// namespace, name), with the id syntax of import ("apps/v1/Deployment/ns/name").
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace fedplan::kube {

// The identity of one object. `ns` is empty for cluster-scoped objects (and for namespaced
// ones whose manifest leaves the namespace to the provider's default).
struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string ns;
  std::string name;

  std::string group() const;    // "" for the core group ("v1")
  std::string version() const;  // "v1" of "apps/v1"
  // The import id: apiVersion/kind/namespace/name ("v1/Namespace//x" when cluster-scoped).
  std::string id() const;
  // For messages: `ConfigMap "ns/name" (v1)`.
  std::string display() const;
  bool operator==(const ObjectRef& other) const = default;
  bool operator<(const ObjectRef& other) const;
};

// The identity a manifest names; nullopt and *err when apiVersion, kind or metadata.name is
// missing or not a string.
std::optional<ObjectRef> ref_of(const nlohmann::json& manifest, std::string* err);

// Parses an import id; nullopt and *err when it does not have the right number of parts.
std::optional<ObjectRef> parse_object_id(const std::string& id, std::string* err);

}  // namespace fedplan::kube
