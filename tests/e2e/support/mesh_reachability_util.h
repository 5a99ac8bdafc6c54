// What the reachability checker's OSSM 2 and OSSM 3 halves share: finding objects of one
// cluster by kind and name, labels, conditions, and Services that expose an address and port.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/support/mesh_reachability.h"

namespace fedplan::e2e::reach {

using nlohmann::json;

// The objects of `cluster` of `kind` (and `ns` when not empty).
std::vector<const json*> of_kind(const MeshObjects& objs, const std::string& cluster,
                                 const std::string& kind, const std::string& ns = "");
// One object, or nullptr. `api_group` tells apart kinds of one name (Gateway): "" = any.
const json* find(const MeshObjects& objs, const std::string& cluster, const std::string& kind,
                 const std::string& ns, const std::string& name, const std::string& api_group = "");

std::string str(const json& o, const std::string& key);
std::string name_of(const json& o);
std::string ns_of(const json& o);
std::string group_of(const json& o);  // apiVersion's group ("" for core)
json labels_of(const json& o);
// status.conditions[type].status == "True".
bool condition_true(const json& o, const std::string& type);
// Every key of `selector` is in `labels` with the same value (an empty selector matches none).
bool selector_matches(const json& selector, const json& labels);
// `host` matches `pattern` (exact, "*", or "*.suffix").
bool host_matches(const std::string& pattern, const std::string& host);

// A Service of `cluster` that takes traffic for ADDRESS:PORT from outside: its load balancer's
// ip/hostname with a service port, or a node's InternalIP with a nodePort.
struct Exposure {
  const json* service = nullptr;
  std::string via;  // "load balancer" or "NodePort"
};
std::vector<Exposure> exposing(const MeshObjects& objs, const std::string& cluster,
                               const std::string& address, long port);

// The root CA (PEM) published in namespace `ns` of `cluster` (ConfigMap istio-ca-root-cert).
std::string root_cert(const MeshObjects& objs, const std::string& cluster, const std::string& ns);

}  // namespace fedplan::e2e::reach
