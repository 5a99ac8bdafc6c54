// Tests for watches as clients use them: selectors entering and leaving, bookmarks and
// sendInitialEvents for informers, and Table events for `kubectl get -w`.
#include "sandbox/watch.h"

#include <doctest/doctest.h>

#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {
const std::string kSecrets = "/api/v1/namespaces/default/secrets";

json secret(const std::string& name, json labels = json::object()) {
  return {{"metadata", {{"name", name}, {"labels", labels}}}};
}

// The events a poll returns, as "TYPE name" strings.
std::vector<std::string> polled(Harness& h, WatchState& w) {
  std::vector<std::string> out;
  for (const std::string& l : h.api.poll_watch(w)) {
    json ev = json::parse(l);
    out.push_back(ev["type"].get<std::string>() + " " +
                  ev["object"]["metadata"].value("name", std::string()));
  }
  return out;
}

WatchState watch(Harness& h, const std::string& query, const std::string& accept = "") {
  Reply r = h.call("GET", kSecrets + "?watch=true&" + query, "", "", "secret-token", accept);
  REQUIRE(r.status == 200);
  REQUIRE(r.response.watch.has_value());
  return *r.response.watch;
}
}  // namespace

TEST_CASE("a label-selected watch reports an object entering as ADDED and leaving as DELETED") {
  Harness h;
  h.post(kSecrets, secret("s", {{"stage", "off"}}));
  std::string rv = std::to_string(h.cluster.store().resource_version());
  WatchState w = watch(h, "labelSelector=stage%3Don&resourceVersion=" + rv);
  h.call("PATCH", kSecrets + "/s", R"({"metadata":{"labels":{"stage":"on"}}})",
         "application/merge-patch+json");
  h.call("PATCH", kSecrets + "/s", R"({"metadata":{"labels":{"note":"x"}}})",
         "application/merge-patch+json");
  h.call("PATCH", kSecrets + "/s", R"({"metadata":{"labels":{"stage":"off"}}})",
         "application/merge-patch+json");
  h.call("DELETE", kSecrets + "/s");
  CHECK(polled(h, w) == std::vector<std::string>{"ADDED s", "MODIFIED s", "DELETED s"});
}

TEST_CASE("an object that leaves the selection is reported as it was, at the new version") {
  Harness h;
  h.post(kSecrets, secret("s", {{"stage", "on"}}));
  WatchState w = watch(h, "labelSelector=stage%3Don&resourceVersion=" +
                              std::to_string(h.cluster.store().resource_version()));
  Reply moved = h.call("PATCH", kSecrets + "/s", R"({"metadata":{"labels":{"stage":"off"}}})",
                       "application/merge-patch+json");
  std::vector<std::string> lines = h.api.poll_watch(w);
  REQUIRE(lines.size() == 1);
  json ev = json::parse(lines[0]);
  CHECK(ev["type"] == "DELETED");
  CHECK(ev["object"]["metadata"]["labels"]["stage"] == "on");
  CHECK(ev["object"]["metadata"]["resourceVersion"] == moved.body["metadata"]["resourceVersion"]);
  CHECK(ev["object"]["kind"] == "Secret");
}

TEST_CASE("sendInitialEvents sends the current objects, then a bookmark that ends them") {
  Harness h;
  h.post(kSecrets, secret("a"));
  WatchState w =
      watch(h, "sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
  REQUIRE(w.initial.size() == 2);
  CHECK(json::parse(w.initial[0])["type"] == "ADDED");
  json end = json::parse(w.initial[1]);
  CHECK(end["type"] == "BOOKMARK");
  CHECK(end["object"]["kind"] == "Secret");
  CHECK(end["object"]["metadata"]["annotations"]["k8s.io/initial-events-end"] == "true");
  CHECK(end["object"]["metadata"]["resourceVersion"] ==
        std::to_string(h.cluster.store().resource_version()));
  h.post(kSecrets, secret("b"));
  CHECK(polled(h, w) == std::vector<std::string>{"ADDED b"});
}

TEST_CASE("sendInitialEvents without NotOlderThan is refused as kube-apiserver does") {
  Harness h;
  Reply no_match = h.get(kSecrets + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true");
  CHECK(no_match.status == 422);
  CHECK(no_match.body["reason"] == "Invalid");
  CHECK(no_match.body["message"].get<std::string>().find(
            "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan") !=
        std::string::npos);
  CHECK(h.get(kSecrets + "?watch=true&resourceVersionMatch=NotOlderThan").status == 422);
}

TEST_CASE("the initial events end in a bookmark only for a watch that allows bookmarks") {
  Harness h;
  h.post(kSecrets, secret("a"));
  WatchState w = watch(h, "sendInitialEvents=true&resourceVersionMatch=NotOlderThan");
  REQUIRE(w.initial.size() == 1);
  CHECK(json::parse(w.initial[0])["type"] == "ADDED");
}

TEST_CASE("sendInitialEvents=false starts at the current state with no initial events") {
  Harness h;
  h.post(kSecrets, secret("a"));
  WatchState w = watch(h, "sendInitialEvents=false&resourceVersionMatch=NotOlderThan");
  CHECK(w.initial.empty());
  CHECK(polled(h, w).empty());
  h.post(kSecrets, secret("b"));
  CHECK(polled(h, w) == std::vector<std::string>{"ADDED b"});
}

TEST_CASE("a watch that allows bookmarks gets one a minute and one just before its timeout") {
  Harness h;
  WatchState w = watch(h, "allowWatchBookmarks=true&timeoutSeconds=90");
  CHECK(polled(h, w).empty());
  h.advance(std::chrono::seconds(59));
  CHECK(polled(h, w).empty());
  h.advance(std::chrono::seconds(1));
  h.post(kSecrets, secret("a"));
  std::vector<std::string> lines = h.api.poll_watch(w);
  REQUIRE(lines.size() == 2);
  json mark = json::parse(lines[1]);
  CHECK(mark["type"] == "BOOKMARK");
  CHECK(mark["object"]["metadata"]["resourceVersion"] ==
        std::to_string(h.cluster.store().resource_version()));
  h.advance(std::chrono::seconds(27));
  CHECK(polled(h, w).empty());
  h.advance(std::chrono::seconds(1));
  CHECK(polled(h, w) == std::vector<std::string>{"BOOKMARK "});

  WatchState plain = watch(h, "timeoutSeconds=90");
  h.advance(std::chrono::seconds(88));
  CHECK(polled(h, plain).empty());
}

TEST_CASE("a watch that asks for a Table gets each event's object as a one-row Table") {
  Harness h;
  WatchState w = watch(h, "resourceVersion=" + std::to_string(h.cluster.store().resource_version()),
                       "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
  h.post(kSecrets, secret("t"));
  std::vector<std::string> lines = h.api.poll_watch(w);
  REQUIRE(lines.size() == 1);
  json ev = json::parse(lines[0]);
  CHECK(ev["type"] == "ADDED");
  CHECK(ev["object"]["kind"] == "Table");
  REQUIRE(ev["object"]["rows"].size() == 1);
  CHECK(ev["object"]["rows"][0]["cells"][0] == "t");
  CHECK(ev["object"]["rows"][0]["object"]["kind"] == "PartialObjectMetadata");
}

TEST_CASE("a watch on one object's URL follows only that object") {
  Harness h;
  std::string rv = std::to_string(h.cluster.store().resource_version());
  Reply r = h.get(kSecrets + "/one?watch=true&resourceVersion=" + rv);
  REQUIRE(r.response.watch.has_value());
  WatchState w = *r.response.watch;
  h.post(kSecrets, secret("other"));
  h.post(kSecrets, secret("one"));
  CHECK(polled(h, w) == std::vector<std::string>{"ADDED one"});
}
