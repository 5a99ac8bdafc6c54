// Tests for the golden comparison helpers and the readers of plan and apply text: they decide
// whether the federation end-to-end tests pass, so they are checked against known inputs.
#include <doctest/doctest.h>

#include "tests/e2e/support/golden.h"
#include "tests/e2e/support/run.h"

using namespace fedplan::e2e;
using nlohmann::json;

TEST_CASE("a golden ServiceMeshPeer takes its placeholders with their types") {
  json peer = load_golden("export/servicemeshpeer.yaml", {{"MESH2_ADDRESS", "203.0.113.9"},
                                                          {"MESH2_DISCOVERY_PORT", "31001"},
                                                          {"MESH2_SERVICE_PORT", "31000"}});
  REQUIRE_FALSE(peer.contains("error"));
  CHECK(peer["spec"]["remote"]["addresses"] == json::array({"203.0.113.9"}));
  CHECK(peer["spec"]["remote"]["discoveryPort"] == 31001);
  CHECK(peer["spec"]["security"]["clientID"] ==
        "mesh2.local/ns/mesh2-system/sa/mesh1-egress-service-account");
}

TEST_CASE("a placeholder inside a block scalar becomes the whole value") {
  json cm = load_golden("export/configmap.yaml", {{"MESH2_CERT", "-----BEGIN X-----\nabc\n"}});
  REQUIRE_FALSE(cm.contains("error"));
  CHECK(cm["data"]["root-cert.pem"] == "-----BEGIN X-----\nabc\n");
}

TEST_CASE("a placeholder without a value is an error naming it") {
  json cm = load_golden("export/configmap.yaml", {});
  REQUIRE(cm.contains("error"));
  CHECK(cm["error"].get<std::string>().find("{{MESH2_CERT}}") != std::string::npos);
}

TEST_CASE("subset comparison reports missing and different fields with their paths") {
  json want = {
      {"spec",
       {{"ports", json::array({{{"port", 15443}, {"name", "tls"}}})}, {"type", "NodePort"}}}};
  json live = {{"spec",
                {{"ports", json::array({{{"port", 15443}, {"name", "tls"}, {"nodePort", 31000}}})},
                 {"type", "NodePort"},
                 {"clusterIP", "10.96.0.9"}}}};
  CHECK(subset_mismatches(want, live).empty());
  live["spec"]["type"] = "LoadBalancer";
  live["spec"]["ports"][0].erase("name");
  auto m = subset_mismatches(want, live);
  REQUIRE(m.size() == 2);
  CHECK(m[0] == ".spec.ports[0].name: want \"tls\", got nothing");
  CHECK(m[1] == ".spec.type: want \"NodePort\", got \"LoadBalancer\"");
  CHECK(subset_mismatches(json::array({1, 2}), json::array({1})).size() == 1);
  CHECK(subset_mismatches(json("8188"), json(8188)).empty());
}

TEST_CASE("plan and apply text readers find actions, counts and events in order") {
  std::string plan =
      "  # module.a.kube_object.x will be created\n"
      "  + resource \"kube_object\" \"x\" {\n"
      "  # data.kube_object.y will be read during apply\n"
      "  # kube_object.z must be replaced\n"
      "  # kube_object.w will be updated in-place\n"
      "Plan: 2 to add, 0 to change, 1 to destroy.\n";
  auto acts = planned_actions(plan);
  REQUIRE(acts.size() == 4);
  CHECK(acts[0] == std::pair<std::string, std::string>{"module.a.kube_object.x", "created"});
  CHECK(acts[2].second == "replaced");
  CHECK(acts[3].second == "updated in-place");
  CHECK(plan_counts(plan) == PlanCounts{2, 0, 1});
  CHECK(plan_counts("nothing") == PlanCounts{});
  std::string apply =
      "module.a.kube_object.x: Creating...\n"
      "module.a.kube_object.x: Creation complete after 0s\n"
      "module.b.kube_object.y[\"k\"]: Creating...\n";
  auto ev = apply_events(apply);
  REQUIRE(ev.size() == 3);
  CHECK(event_index(ev, "module.a.kube_object.x", "Creation complete") == 1);
  CHECK(event_index(ev, "module.b.*", "Creating...") == 2);
  CHECK(event_index(ev, "module.c.*", "Creating...") == -1);
}
