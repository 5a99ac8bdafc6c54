// The local backend's workspaces (DIR/fedplan.state.d/NAME/fedplan.state.json) and its lock
// listing, which reads /proc/locks so that looking never takes a lock someone may want.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "base/quote.h"
#include "state/backend_config.h"
#include "state/local_backend.h"

namespace fs = std::filesystem;

namespace fedplan {

namespace {

// "MAJOR:MINOR:INODE" as /proc/locks writes a file's identity (device numbers in hex).
std::string proc_locks_id(const struct stat& st) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%llu", major(st.st_dev), minor(st.st_dev),
                static_cast<unsigned long long>(st.st_ino));
  return buf;
}

// The identities of every file some process holds an flock on.
std::set<std::string> flocked_files() {
  std::set<std::string> out;
  std::ifstream in("/proc/locks");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string n, kind, mode, rw, pid, id;
    if (fields >> n >> kind) {
      if (kind == "->") fields >> kind;  // a waiter: "1: -> FLOCK ..."
      if (kind == "FLOCK" && fields >> mode >> rw >> pid >> id) out.insert(id);
    }
  }
  return out;
}

std::string lock_file_of(const std::string& state_path) {
  fs::path p(state_path);
  return (p.parent_path() / ("." + p.filename().string() + ".lock")).string();
}

}  // namespace

void LocalBackend::set_workspace_layout(std::string workspace, std::string default_path,
                                        std::string workspace_dir) {
  workspace_ = std::move(workspace);
  default_path_ = std::move(default_path);
  workspace_dir_ = std::move(workspace_dir);
}

std::vector<std::string> LocalBackend::workspaces(Diagnostics& diags) {
  std::vector<std::string> out = {"default"};
  std::error_code ec;
  fs::directory_iterator it(workspace_dir_, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    diags.error("Cannot list the workspaces in " + workspace_dir_, ec.message());
    return out;
  }
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    Diagnostics ignored;
    if (it->is_directory(ec) && check_workspace_name(name, ignored) && name != "default")
      out.push_back(name);
  }
  std::sort(out.begin() + 1, out.end());
  return out;
}

bool LocalBackend::delete_workspace(const std::string& name, Diagnostics& diags) {
  if (!check_workspace_name(name, diags)) return false;
  if (name == "default" || name == workspace_) {
    diags.error("Cannot delete workspace " + quote(name),
                name == "default" ? "The default workspace always exists."
                                  : "It is the current workspace; select another one first.");
    return false;
  }
  fs::path folder = fs::path(workspace_dir_) / name;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    diags.error("Workspace " + quote(name) + " does not exist",
                "There is no folder " + folder.string() + ".");
    return false;
  }
  LocalBackend other((folder / fs::path(default_path_).filename()).string(), clock_);
  LockInfo info = new_lock_info("workspace delete", *clock_);
  if (!other.lock(info, std::chrono::milliseconds(0), diags).acquired) return false;
  fs::remove(other.path(), ec);
  if (!ec) fs::remove(other.backup_path(), ec);
  if (ec) {
    diags.error("Cannot delete workspace " + quote(name), ec.message());
    other.unlock(info.id, diags);
    return false;
  }
  other.unlock(info.id, diags);
  fs::remove_all(folder, ec);
  if (ec)
    diags.warning("Workspace " + quote(name) + " is deleted, but its folder is not",
                  folder.string() + ": " + ec.message());
  return true;
}

bool LocalBackend::create_workspace(Diagnostics& diags) {
  std::error_code ec;
  fs::create_directories(fs::path(path_).parent_path(), ec);
  if (ec) {
    diags.error("Cannot create workspace " + quote(workspace_),
                fs::path(path_).parent_path().string() + ": " + ec.message());
    return false;
  }
  return StateBackend::create_workspace(diags);
}

std::vector<LockInfo> LocalBackend::locks(Diagnostics& diags) {
  std::set<std::string> held = flocked_files();
  std::vector<LockInfo> out;
  for (const std::string& ws : workspaces(diags)) {
    std::string state =
        ws == "default"
            ? default_path_
            : (fs::path(workspace_dir_) / ws / fs::path(default_path_).filename()).string();
    std::string lock = lock_file_of(state);
    FileRead file = read_file_if_exists(lock, "the lock record");
    if (!file.error.empty()) {
      diags.warning("Cannot read the lock record of workspace " + quote(ws), file.error);
      continue;
    }
    if (!file.exists) continue;
    auto record = LockInfo::from_json(nlohmann::json::parse(file.content, nullptr, false));
    LockInfo info = record ? *record : LockInfo{};
    if (!record) info.id = "(not recorded yet)";
    info.path = state;
    info.workspace = ws;
    info.stale = !held.count(proc_locks_id(file.stat));
    out.push_back(std::move(info));
  }
  return out;
}

std::unique_ptr<LocalBackend> open_local_backend(const BackendConfig& config,
                                                 const BackendContext& context,
                                                 Diagnostics& diags) {
  SettingsReader settings(config, diags);
  std::string path = settings.path("path", context.config_dir)
                         .value_or(default_local_state_path(context.config_dir));
  std::string dir = settings.path("workspace_dir", context.config_dir)
                        .value_or((fs::path(path).parent_path() / "fedplan.state.d").string());
  if (!settings.finish() || !check_workspace_name(config.workspace, diags)) return nullptr;
  if (path.empty()) {
    settings.invalid("path", "The state file's path must not be empty.");
    return nullptr;
  }
  std::string mine = config.workspace == "default"
                         ? path
                         : (fs::path(dir) / config.workspace / fs::path(path).filename()).string();
  auto backend = std::make_unique<LocalBackend>(mine, context.clock);
  backend->set_workspace_layout(config.workspace, path, dir);
  backend->set_cipher(context.cipher);
  return backend;
}

}  // namespace fedplan
