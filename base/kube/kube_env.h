// KubeEnv: what kubeconfig loading reads from outside the files: environment variables (KUBECONFIG,
// HOME, the proxy and in-cluster variables) through one injected lookup, and `~` expansion.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace fedplan::kube {

// The value of one environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (the one place in base/kube that calls getenv; only reads).
EnvLookup process_env();

// A fixed environment, for tests and for callers that captured one.
EnvLookup env_from_map(std::map<std::string, std::string> vars);

// `path` with a leading "~" or "~/" replaced by HOME from `env` (unchanged when HOME is unset
// or the path does not start so; "~user" forms are left alone, as client-go does).
std::string expand_home(const std::string& path, const EnvLookup& env);

}  // namespace fedplan::kube
