// Opening the state backend a command uses: the root module's `fedplan { backend }` block,
// FEDPLAN_BACKEND_* variables, -backend-config, -state, the workspace and the cipher.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/options.h"
#include "state/backend.h"
#include "state/backend_config.h"
#include "state/cipher.h"

namespace fedplan {

struct LockRecordForExit;

// Adds -backend-config (repeatable: KEY=VALUE, or a file of KEY = value lines).
void add_backend_flags(po::options_description& flags);

// The backend configuration for the configuration in `dir`, merged in this order, later
// winning: the backend block of DIR's *.fed.hcl files (literal values only), environment
// variables FEDPLAN_BACKEND_<KEY> (KEY upper-cased), -backend-config files and KEY=VALUE pairs,
// and -state (the local backend's path). The workspace is FEDPLAN_WORKSPACE, else the one
// `fedplan workspace select` recorded in DIR/.fedplan/environment, else "default".
// `sources` receives the files read, for carets. nullopt after errors.
std::optional<BackendConfig> backend_config(const po::variables_map& vm, const std::string& dir,
                                            CliContext& ctx, SourceFiles* sources,
                                            Diagnostics& diags);

// The workspace recorded for DIR (DIR/.fedplan/environment), "default" when none.
std::string recorded_workspace(const std::string& dir);
// Records `name` as DIR's workspace; false with an error when the file cannot be written.
bool record_workspace(const std::string& dir, const std::string& name, Diagnostics& diags);

// The cipher FEDPLAN_STATE_KEY (and the other FEDPLAN_STATE_* variables) ask for; null when
// none is set, or after an error naming the variable.
std::unique_ptr<StateCipher> state_cipher(CliContext& ctx, Diagnostics& diags);

// A backend with the cipher it seals with (which must live as long as it does).
struct OpenedBackend {
  std::unique_ptr<StateCipher> cipher;
  std::unique_ptr<StateBackend> backend;
  BackendConfig config;

  explicit operator bool() const { return backend != nullptr; }
  StateBackend* operator->() const { return backend.get(); }
  StateBackend& operator*() const { return *backend; }
};

// Opens the backend `config` names, with the cipher FEDPLAN_STATE_KEY asks for. While a local
// backend holds its lock it names it in `exit_record` (when given). Empty after errors (an
// unknown backend type, a bad setting, a bad key), which name the setting.
OpenedBackend open_backend(const BackendConfig& config, const std::string& dir, Clock& clock,
                           CliContext& ctx, Diagnostics& diags,
                           LockRecordForExit* exit_record = nullptr);

// backend_config() then open_backend(), and a check that a workspace other than "default"
// exists (`fedplan workspace new` makes one).
OpenedBackend open_backend(const po::variables_map& vm, const std::string& dir, Clock& clock,
                           CliContext& ctx, SourceFiles* sources, Diagnostics& diags,
                           LockRecordForExit* exit_record = nullptr);

}  // namespace fedplan
