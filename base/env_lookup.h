// EnvLookup: environment variables read through one injected lookup (the process's or a fixed
// map, so tests never set variables), and `~` expansion with HOME.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace fedplan {

// The value of one environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (the one place that calls getenv; only reads, so concurrent lookups are
// safe).
EnvLookup process_env();

// A fixed environment, for tests and for callers that captured one.
EnvLookup env_from_map(std::map<std::string, std::string> vars);

// `path` with a leading "~" or "~/" replaced by HOME from `env` (unchanged when HOME is unset
// or the path does not start so; "~user" forms are left alone, as client-go does).
std::string expand_home(const std::string& path, const EnvLookup& env);

}  // namespace fedplan
