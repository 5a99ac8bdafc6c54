// The Kubernetes objects that hold one workspace's state and lock: their names, labels and
// annotations, the state bytes split over Secrets, and how each is read back.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedplan::kube {

// The API server refuses a Secret whose data passes 1 MiB; state bytes above it go to parts.
constexpr size_t kMaxSecretDataBytes = 1024 * 1024;

// Label and annotation keys of fedplan's objects.
inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kWorkspaceLabel = "fedplan.io/workspace";
inline constexpr const char* kSuffixLabel = "fedplan.io/state-suffix";
inline constexpr const char* kRoleLabel = "fedplan.io/role";  // state, state-part or lock
inline constexpr const char* kLockInfoAnnotation = "fedplan.io/lock-info";
inline constexpr const char* kStateSecretType = "fedplan.io/state";

// Where one workspace's objects live and what they are called.
struct StateObjectNames {
  std::string ns;
  std::string workspace;
  std::string suffix;
  std::map<std::string, std::string> labels;  // the user's, added to every object

  std::string state_secret() const;  // fedplan-state-WORKSPACE-SUFFIX
  // A part of the write `write_id`: fedplan-state-WORKSPACE-SUFFIX-part-INDEX-ID8 (first 8 of
  // the id), so a write never touches the parts the current state still points at.
  std::string part_secret(int index, const std::string& write_id) const;
  std::string lease() const;  // fedplan-lock-WORKSPACE-SUFFIX
  // The labels every object of this workspace carries, with `role`.
  nlohmann::json object_labels(const std::string& role) const;
  // A label selector for `role` objects of this suffix (all workspaces when `workspace` is false).
  std::string selector(const std::string& role, bool this_workspace) const;
  // "" when every name and label value is one the API server takes, else why not (naming the
  // setting or workspace to change).
  std::string check() const;
};

// One state write's identity, kept in the annotations of the state Secret and its parts.
struct StateWriteInfo {
  std::string write_id;  // a UUID per write; parts carry it so a reader can match them
  int parts = 1;         // Secrets holding the bytes, the state Secret included
  uint64_t serial = 0;
  std::string lineage;
  bool sealed = false;  // the bytes went through the state cipher after gzip
};

// `bytes` in chunks of at most `max` (one empty chunk for no bytes).
std::vector<std::string_view> split_chunks(std::string_view bytes, size_t max);

// The Secret holding chunk `index` (0 = the state Secret itself) of the write `info`.
nlohmann::json state_secret_manifest(const StateObjectNames& names, const StateWriteInfo& info,
                                     int index, std::string_view chunk);

// What a stored state Secret or part says: its write, its index, its bytes and version.
struct StoredChunk {
  StateWriteInfo info;
  int index = 0;
  std::string bytes;
  std::string resource_version;
};

// Reads a Secret written by state_secret_manifest; nullopt and *err when it is not one.
std::optional<StoredChunk> read_state_secret(const nlohmann::json& secret, std::string* err);

// The resourceVersion of an object ("" when absent).
std::string resource_version_of(const nlohmann::json& object);

}  // namespace fedplan::kube
