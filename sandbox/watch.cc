// Watches: the starting point (resourceVersion, sendInitialEvents), filtering by selector with
// kube-apiserver's enter/leave rules, bookmarks, and each event in the form the client asked.
#include "sandbox/watch.h"

#include <algorithm>
#include <utility>

#include "sandbox/meta.h"
#include "sandbox/table.h"

namespace fedplan::sandbox {

using nlohmann::json;
using Time = std::chrono::system_clock::time_point;

namespace {

bool selected(const WatchState& w, const json& obj) {
  if (!obj.is_object()) return false;
  const json& m = get_object(obj, "metadata");
  if (!w.request.ns.empty() && get_string(m, "namespace") != w.request.ns) return false;
  return w.request.selection.labels.matches(get_object(m, "labels")) &&
         w.request.selection.fields.matches(obj);
}

std::string line(const WatchState& w, const std::string& type, json obj, Time now) {
  obj["apiVersion"] = w.type.api_version();
  obj["kind"] = w.type.kind;
  if (w.request.form == WatchForm::Table)
    obj = to_table(w.type, obj, now,
                   w.request.include_object.empty() ? "Metadata" : w.request.include_object);
  else if (w.request.form == WatchForm::PartialMetadata)
    obj = to_partial_metadata(obj, false);
  return json{{"type", type}, {"object", std::move(obj)}}.dump() + "\n";
}

// A BOOKMARK: only the kind and the resourceVersion the client may resume from.
std::string bookmark(const WatchState& w, bool initial_events_end) {
  json meta = {{"resourceVersion", std::to_string(w.resource_version)},
               {"creationTimestamp", nullptr}};
  if (initial_events_end) meta["annotations"] = {{"k8s.io/initial-events-end", "true"}};
  json obj = {{"kind", w.type.kind}, {"apiVersion", w.type.api_version()}, {"metadata", meta}};
  return json{{"type", "BOOKMARK"}, {"object", obj}}.dump() + "\n";
}

// Roughly every minute, and last two seconds before the watch times out.
Time next_bookmark_after(const WatchState& w, Time now) {
  Time heartbeat = now + kBookmarkInterval;
  Time before_timeout = w.deadline - std::chrono::seconds(2);
  return before_timeout > now && before_timeout < heartbeat ? before_timeout : heartbeat;
}

}  // namespace

bool open_watch(const Cluster& cluster, const ResourceType& t, WatchRequest request, Time now,
                WatchState* w, ApiError* e) {
  const std::string& match = request.resource_version_match;
  if (request.send_initial_events && match != "NotOlderThan") {
    *e = invalid_options("ListOptions",
                         "resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
                         "resourceVersionMatch to NotOlderThan");
    return false;
  }
  if (!request.send_initial_events && !match.empty()) {
    *e = invalid_options(
        "ListOptions",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless "
        "sendInitialEvents is provided");
    return false;
  }
  w->type = t;
  w->request = std::move(request);
  w->deadline = now + w->request.timeout;
  const std::string& rv = w->request.resource_version;
  bool from_now = rv.empty() || rv == "0";
  bool initial = w->request.send_initial_events.value_or(from_now);
  if (!initial && !from_now) {
    w->resource_version = std::strtoull(rv.c_str(), nullptr, 10);
    std::vector<const WatchEvent*> probe;
    if (!cluster.store().events_since(w->resource_version, t.storage_key(), &probe)) w->gone = true;
  } else {
    w->resource_version = cluster.store().resource_version();
  }
  if (initial) {
    Outcome listed = cluster.list(t, w->request.ns, w->request.selection);
    if (!listed.ok()) {
      *e = listed.error;
      return false;
    }
    for (const json& item : listed.body["items"])
      w->initial.push_back(line(*w, "ADDED", item, now));
  }
  // The end of the initial events is a bookmark, so only a client that takes bookmarks gets it.
  if (w->request.send_initial_events.value_or(false) && w->request.bookmarks)
    w->initial.push_back(bookmark(*w, true));
  w->next_bookmark = next_bookmark_after(*w, now);
  return true;
}

std::vector<std::string> poll_watch(const Cluster& cluster, WatchState& w, Time now) {
  std::vector<std::string> lines;
  const Store& store = cluster.store();
  if (w.gone) {
    ApiError e = gone("too old resource version: " + std::to_string(w.resource_version) + " (" +
                      std::to_string(store.oldest_event_rv()) + ")");
    lines.push_back(json{{"type", "ERROR"}, {"object", status_json(e)}}.dump() + "\n");
    return lines;
  }
  std::vector<const WatchEvent*> events;
  if (!store.events_since(w.resource_version, w.type.storage_key(), &events)) {
    w.gone = true;
    return poll_watch(cluster, w, now);
  }
  for (const WatchEvent* ev : events) {
    w.resource_version = ev->resource_version;
    bool deleted = ev->type == "DELETED";
    bool now_in = !deleted && selected(w, ev->object);
    bool was_in = deleted ? selected(w, ev->object) : selected(w, ev->previous);
    if (now_in && was_in) {
      lines.push_back(line(w, "MODIFIED", ev->object, now));
    } else if (now_in) {
      lines.push_back(line(w, "ADDED", ev->object, now));
    } else if (was_in && deleted) {
      lines.push_back(line(w, "DELETED", ev->object, now));
    } else if (was_in) {
      // It left the selection: the watch sees it go, as it was, at the change's version.
      json left = ev->previous;
      left["metadata"]["resourceVersion"] = std::to_string(ev->resource_version);
      lines.push_back(line(w, "DELETED", std::move(left), now));
    }
  }
  w.resource_version = std::max(w.resource_version, store.resource_version());
  if (w.request.bookmarks && now >= w.next_bookmark) {
    lines.push_back(bookmark(w, false));
    w.next_bookmark = next_bookmark_after(w, now);
  }
  return lines;
}

}  // namespace fedplan::sandbox
