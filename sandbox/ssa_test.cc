// Tests for server-side apply field sets and ownership: the fieldsV1 shapes, shared and
// conflicting ownership, forced takeover, and removal of fields an applier stops setting.
#include "sandbox/ssa.h"

#include <doctest/doctest.h>

using namespace fedplan::sandbox;
using nlohmann::json;

namespace {
ManagedRequest req(const std::string& manager, bool force = false) {
  ManagedRequest r;
  r.manager = manager;
  r.api_version = "v1";
  r.time = "2024-01-01T00:00:00Z";
  r.force = force;
  return r;
}

json with_managers(json obj, const std::vector<ManagerEntry>& managers) {
  obj["metadata"]["managedFields"] = write_managers(managers);
  return obj;
}
}  // namespace

TEST_CASE("an applied ConfigMap owns its data keys and labels without '.' markers") {
  auto schema = schema_for_kind("ConfigMap");
  json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "a"}, {"namespace", "ns"}, {"labels", {{"app", "x"}}}}},
             {"data", {{"k", "v"}}}};
  ManagedResult r = apply(nullptr, cm, *schema, req("kubectl"));
  REQUIRE(r.ok());
  REQUIRE(r.managers.size() == 1);
  CHECK(r.managers[0].operation == "Apply");
  CHECK(fieldset_to_json(r.managers[0].fields) ==
        json::parse(R"({"f:data":{"f:k":{}},"f:metadata":{"f:labels":{"f:app":{}}}})"));
}

TEST_CASE("an update owns every field it added, with '.' for containers") {
  auto schema = schema_for_kind("ConfigMap");
  json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "a"}, {"namespace", "ns"}}},
             {"data", {{"k", "v"}}}};
  ManagedResult r = update(nullptr, cm, *schema, req("kubectl-create"));
  REQUIRE(r.ok());
  CHECK(fieldset_to_json(r.managers[0].fields) == json::parse(R"({"f:data":{".":{},"f:k":{}}})"));
}

TEST_CASE("keyed list items are owned by key, with defaulted key fields") {
  auto schema = schema_for_kind("Service");
  json svc = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", "s"}}},
              {"spec", {{"ports", {{{"name", "tls"}, {"port", 15443}}}}}}};
  FieldSet set;
  std::string err;
  REQUIRE(to_field_set(svc, *schema, &set, &err));
  CHECK(set.has({"f:spec", "f:ports", R"(k:{"port":15443,"protocol":"TCP"})", "f:name"}));
  CHECK(set.has({"f:spec", "f:ports", R"(k:{"port":15443,"protocol":"TCP"})"}));
  CHECK(path_string({"f:spec", "f:ports", R"(k:{"port":15443,"protocol":"TCP"})", "f:name"}) ==
        R"(.spec.ports[port=15443,protocol="TCP"].name)");
}

TEST_CASE("a keyed list item without its key is an error") {
  auto schema = schema_for_kind("Deployment");
  json d = {{"spec", {{"template", {{"spec", {{"containers", {{{"image", "x"}}}}}}}}}}};
  FieldSet set;
  std::string err;
  CHECK_FALSE(to_field_set(d, *schema, &set, &err));
  CHECK(err.find("omits key field \"name\"") != std::string::npos);
}

TEST_CASE("a second applier changing an owned field conflicts and names the owner") {
  auto schema = schema_for_kind("ConfigMap");
  json base = {{"apiVersion", "v1"},
               {"kind", "ConfigMap"},
               {"metadata", {{"name", "a"}, {"namespace", "ns"}}},
               {"data", {{"k", "v"}}}};
  ManagedResult first = apply(nullptr, base, *schema, req("kubectl"));
  json live = with_managers(first.object, first.managers);
  json other = base;
  other["data"]["k"] = "changed";
  ManagedResult second = apply(live, other, *schema, req("other"));
  REQUIRE(second.conflicts.size() == 1);
  CHECK(conflict_message(second.conflicts) ==
        "Apply failed with 1 conflict: conflict with \"kubectl\": .data.k");

  SUBCASE("the same value is shared, not a conflict") {
    ManagedResult same = apply(live, base, *schema, req("other"));
    REQUIRE(same.ok());
    CHECK(same.managers.size() == 2);
    CHECK(same.managers[1].fields.has({"f:data", "f:k"}));
    CHECK(same.managers[0].fields.has({"f:data", "f:k"}));
  }
  SUBCASE("force takes the field over") {
    ManagedResult forced = apply(live, other, *schema, req("other", true));
    REQUIRE(forced.ok());
    CHECK(forced.object["data"]["k"] == "changed");
    REQUIRE(forced.managers.size() == 1);
    CHECK(forced.managers[0].manager == "other");
  }
}

TEST_CASE("a conflict with an updater names its API version") {
  auto schema = schema_for_kind("ConfigMap");
  json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "a"}}},
             {"data", {{"k", "v"}, {"j", "w"}}}};
  ManagedResult created = update(nullptr, cm, *schema, req("kubectl-create"));
  json live = with_managers(created.object, created.managers);
  json cfg = cm;
  cfg["data"] = {{"k", "new"}, {"j", "new"}};
  ManagedResult r = apply(live, cfg, *schema, req("kubectl"));
  REQUIRE(r.conflicts.size() == 2);
  CHECK(conflict_message(r.conflicts) ==
        "Apply failed with 2 conflicts: conflicts with \"kubectl-create\" using v1:\n"
        "- .data.j\n- .data.k");
}

TEST_CASE("a field an applier stops setting is removed unless someone else owns it") {
  auto schema = schema_for_kind("ConfigMap");
  json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "a"}}},
             {"data", {{"keep", "1"}, {"drop", "2"}}}};
  ManagedResult first = apply(nullptr, cm, *schema, req("kubectl"));
  json live = with_managers(first.object, first.managers);
  json smaller = cm;
  smaller["data"].erase("drop");
  ManagedResult second = apply(live, smaller, *schema, req("kubectl"));
  REQUIRE(second.ok());
  CHECK_FALSE(second.object["data"].contains("drop"));
  CHECK(second.object["data"]["keep"] == "1");

  // Co-owned by another applier: stays.
  ManagedResult shared = apply(live,
                               json{{"apiVersion", "v1"},
                                    {"kind", "ConfigMap"},
                                    {"metadata", {{"name", "a"}}},
                                    {"data", {{"drop", "2"}}}},
                               *schema, req("other"));
  REQUIRE(shared.ok());
  json live2 = with_managers(shared.object, shared.managers);
  ManagedResult third = apply(live2, smaller, *schema, req("kubectl"));
  REQUIRE(third.ok());
  CHECK(third.object["data"]["drop"] == "2");
}

TEST_CASE("an applier that owned a map with '.' keeps the keys it still applies") {
  // kubectl apply --server-side over a client-side apply hands the old Update ownership
  // (with '.' markers) to the applier; its next apply sets the same labels without markers.
  auto schema = schema_for_kind("ConfigMap");
  json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "a"}, {"labels", {{"app", "x"}}}}},
             {"data", {{"k", "v"}}}};
  ManagedResult created = update(nullptr, cm, *schema, req("kubectl-client-side-apply"));
  REQUIRE(created.ok());
  std::vector<ManagerEntry> handed = created.managers;
  handed[0].manager = "kubectl";
  handed[0].operation = "Apply";
  ManagedResult again = apply(with_managers(created.object, handed), cm, *schema, req("kubectl"));
  REQUIRE(again.ok());
  CHECK(again.object["metadata"]["labels"]["app"] == "x");
  CHECK(again.object["data"]["k"] == "v");
}

TEST_CASE("applying containers merges by name and keeps others' containers") {
  auto schema = schema_for_kind("Deployment");
  auto deploy = [](json containers) {
    return json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", "d"}}},
                {"spec", {{"template", {{"spec", {{"containers", containers}}}}}}}};
  };
  ManagedResult a =
      apply(nullptr, deploy({{{"name", "app"}, {"image", "a:1"}}}), *schema, req("a"));
  json live = with_managers(a.object, a.managers);
  ManagedResult b =
      apply(live, deploy({{{"name", "sidecar"}, {"image", "s:1"}}}), *schema, req("b"));
  REQUIRE(b.ok());
  json containers = b.object["spec"]["template"]["spec"]["containers"];
  REQUIRE(containers.size() == 2);
  CHECK(containers[0]["name"] == "app");
  CHECK(containers[1]["name"] == "sidecar");
}

TEST_CASE("fieldsV1 reads back what it writes and rejects garbage") {
  json v = json::parse(R"({"f:a":{".":{},"f:b":{}},"f:l":{"k:{\"name\":\"x\"}":{".":{}}}})");
  FieldSet s;
  std::string err;
  REQUIRE(fieldset_from_json(v, &s, &err));
  CHECK(s.has({"f:a"}));
  CHECK(s.has({"f:a", "f:b"}));
  CHECK(fieldset_to_json(s) ==
        json::parse(R"({"f:a":{".":{},"f:b":{}},"f:l":{"k:{\"name\":\"x\"}":{}}})"));
  CHECK_FALSE(fieldset_from_json(json::parse(R"({"zz":{}})"), &s, &err));
  CHECK_FALSE(fieldset_from_json(json::parse(R"({"f:a":3})"), &s, &err));
}
