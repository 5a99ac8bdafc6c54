// The Keystone service catalog: finding a service's endpoint by type, interface and region,
// and turning an endpoint into the base URL of the API version fedplan speaks.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fedplan::openstack_lb {

// An endpoint URL, or why none fits (naming what the catalog does offer).
struct EndpointResult {
  std::string url;
  std::string error;
};

// The endpoint of `service_type` ("load-balancer", "network") with `interface` ("public",
// "internal", "admin") in `region` ("" = any region, but then all candidates must agree).
EndpointResult find_endpoint(const nlohmann::json& catalog, const std::string& service_type,
                             const std::string& interface, const std::string& region);

// Octavia's API root from a catalog or override URL: trailing "/" and a "/v2" or "/v2.0"
// version suffix are dropped, then "/v2/lbaas" is added ("http://h:9876" ->
// "http://h:9876/v2/lbaas", "https://h/load-balancer/v2" -> "https://h/load-balancer/v2/lbaas").
std::string octavia_api_root(const std::string& endpoint);

// Neutron's API root: "/v2.0" is added unless the URL already ends with it.
std::string neutron_api_root(const std::string& endpoint);

}  // namespace fedplan::openstack_lb
