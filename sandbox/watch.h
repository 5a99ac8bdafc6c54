// Watches as kube-apiserver streams them: where a watch starts, which changes it reports (a
// selector's enter and leave as ADDED and DELETED), bookmarks, and each event's rendering.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/cluster.h"
#include "sandbox/registry.h"

namespace fedplan::sandbox {

// How each event's object is shown: as stored, as a one-row Table (`kubectl get -w`) or as
// PartialObjectMetadata (metadata-only informers).
enum class WatchForm { Object, Table, PartialMetadata };

// What a watch request asks for, read from its query.
struct WatchRequest {
  std::string ns;
  ListOptions selection;         // label and field selectors
  std::string resource_version;  // "" or "0": from the current state
  std::string resource_version_match;
  std::optional<bool> send_initial_events;
  bool bookmarks = false;  // allowWatchBookmarks
  std::chrono::seconds timeout{1800};
  WatchForm form = WatchForm::Object;
  std::string include_object;  // for tables: None, Metadata or Object
};

// A watch being streamed: what it follows, the last resourceVersion it reported, what to send
// first, and when its next bookmark is due.
struct WatchState {
  ResourceType type;  // a copy: CRDs can change the registry while the watch lives
  WatchRequest request;
  uint64_t resource_version = 0;
  bool gone = false;                 // the requested resourceVersion is older than the kept history
  std::vector<std::string> initial;  // events to send first (lines)
  std::chrono::system_clock::time_point next_bookmark;
  std::chrono::system_clock::time_point deadline;
};

// How often a watch that allows bookmarks gets one, as kube-apiserver's watch cache sends them.
constexpr std::chrono::seconds kBookmarkInterval{60};

// Checks the request and sets up the watch: the current objects as ADDED events when no
// resourceVersion is given, and the initial-events-end bookmark when asked. False and *e when
// kube-apiserver would refuse it.
bool open_watch(const Cluster& cluster, const ResourceType& t, WatchRequest request,
                std::chrono::system_clock::time_point now, WatchState* w, ApiError* e);

// Event lines (JSON + "\n") after the watch's resourceVersion, and a bookmark when one is due;
// advances the watch.
std::vector<std::string> poll_watch(const Cluster& cluster, WatchState& w,
                                    std::chrono::system_clock::time_point now);

}  // namespace fedplan::sandbox
