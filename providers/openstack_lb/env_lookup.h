// EnvLookup: how the openstack_lb provider reads environment variables (OS_CLOUD, OS_AUTH_URL,
// HOME, ...). Injected, so tests give a map and the provider never calls getenv itself.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace fedplan::openstack_lb {

// The value of one environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The real process environment (the one place that calls getenv).
EnvLookup process_env();

// A fixed environment, for tests and for callers that captured one.
EnvLookup env_from_map(std::map<std::string, std::string> vars);

}  // namespace fedplan::openstack_lb
