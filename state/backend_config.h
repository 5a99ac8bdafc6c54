// BackendConfig: which backend holds the state and its settings, merged from the
// `fedplan { backend "TYPE" { ... } }` block, FEDPLAN_BACKEND_* variables and -backend-config.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/diagnostics.h"
#include "lang/value.h"

namespace fedplan {

class StateCipher;

// One setting's value and where it came from, for errors: "main.fed.hcl:3:5",
// "-backend-config", "backend.hcl:2:1", "env FEDPLAN_BACKEND_PASSWORD".
struct BackendSetting {
  Value value;
  std::string origin;
  std::optional<SourceRange> range;  // the value in a file, for a caret; absent otherwise
};

// The backend a command uses and the workspace it serves.
struct BackendConfig {
  std::string type = "local";
  std::string origin;  // the backend block ("main.fed.hcl:2:3"), or how the type was chosen
  std::optional<SourceRange> range;  // the backend block's label, when written in a file
  std::map<std::string, BackendSetting> settings;
  std::string workspace = "default";
};

// What a backend needs beyond its settings.
struct BackendContext {
  std::string config_dir = ".";
  Clock* clock = nullptr;               // lock waits and lock times; null: the system clock
  const StateCipher* cipher = nullptr;  // seals what is stored; null: encryption off
};

// Reads a BackendConfig's settings by type. Each getter returns nullopt when the setting is
// absent or has the wrong type (then an error names the setting and its origin: ok() turns
// false). finish() reports every setting no getter asked for, with a did-you-mean.
class SettingsReader {
 public:
  SettingsReader(const BackendConfig& config, Diagnostics& diags);

  std::optional<std::string> string(const std::string& key);
  // A list of strings, or one string of comma-separated items.
  std::optional<std::vector<std::string>> strings(const std::string& key);
  std::optional<int64_t> integer(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  // "30s", "2m", "1m30s", or a whole number of seconds.
  std::optional<std::chrono::milliseconds> duration(const std::string& key);
  // A path; a relative one is taken from the configuration directory `base`.
  std::optional<std::string> path(const std::string& key, const std::string& base);
  // An error naming `key` (present or not): "Invalid backend setting".
  void invalid(const std::string& key, const std::string& detail);

  // Reports settings nobody read; true when no setting was wrong or unknown.
  bool finish();
  bool ok() const { return ok_; }

 private:
  const BackendSetting* find(const std::string& key);
  void wrong_type(const std::string& key, const BackendSetting& s, const char* want);
  void error_at(const BackendSetting* s, std::string summary, std::string detail);

  const BackendConfig& config_;
  Diagnostics& diags_;
  std::set<std::string> read_;
  bool ok_ = true;
};

// A workspace name is 1-90 characters of letters, digits, '-', '_' and '.', not starting with
// '.' (it becomes part of file names, keys and object names); false with an error otherwise.
bool check_workspace_name(const std::string& name, Diagnostics& diags);

}  // namespace fedplan
