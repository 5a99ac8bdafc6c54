// Service catalog lookups (see catalog.h).
// Endpoints are matched on type, interface and region; a region-less match must be unique.
#include "providers/openstack_lb/catalog.h"

#include <set>

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string strip_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

EndpointResult find_endpoint(const json& catalog, const std::string& service_type,
                             const std::string& interface, const std::string& region) {
  EndpointResult r;
  std::set<std::string> urls, regions, interfaces, types;
  if (catalog.is_array()) {
    for (const json& svc : catalog) {
      std::string type = str(svc, "type");
      types.insert(type);
      if (type != service_type || !svc.contains("endpoints") || !svc["endpoints"].is_array())
        continue;
      for (const json& ep : svc["endpoints"]) {
        std::string ep_region = str(ep, "region_id");
        if (ep_region.empty()) ep_region = str(ep, "region");
        regions.insert(ep_region);
        interfaces.insert(str(ep, "interface"));
        if (str(ep, "interface") != interface) continue;
        if (!region.empty() && ep_region != region && str(ep, "region") != region) continue;
        urls.insert(str(ep, "url"));
      }
    }
  }
  auto join = [](const std::set<std::string>& s) {
    std::string out;
    for (const std::string& x : s) out += (out.empty() ? "" : ", ") + (x.empty() ? "\"\"" : x);
    return out.empty() ? std::string("none") : out;
  };
  if (urls.size() == 1) {
    r.url = *urls.begin();
    return r;
  }
  if (urls.size() > 1) {
    r.error = "the catalog has several " + interface + " \"" + service_type +
              "\" endpoints (regions: " + join(regions) + "); set the region";
    return r;
  }
  if (regions.empty() && interfaces.empty()) {
    r.error = "the service catalog has no \"" + service_type +
              "\" service (services: " + join(types) + ")";
  } else {
    r.error = "the service catalog has no " + interface + " \"" + service_type + "\" endpoint" +
              (region.empty() ? "" : " in region " + region) + " (regions: " + join(regions) +
              "; interfaces: " + join(interfaces) + ")";
  }
  return r;
}

std::string octavia_api_root(const std::string& endpoint) {
  std::string s = strip_slashes(endpoint);
  if (ends_with(s, "/v2.0"))
    s.resize(s.size() - 5);
  else if (ends_with(s, "/v2"))
    s.resize(s.size() - 3);
  return s + "/v2/lbaas";
}

std::string neutron_api_root(const std::string& endpoint) {
  std::string s = strip_slashes(endpoint);
  return ends_with(s, "/v2.0") ? s : s + "/v2.0";
}

}  // namespace fedplan::openstack_lb
