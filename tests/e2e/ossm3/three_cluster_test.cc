// examples/ossm3-three-cluster end to end on three sandboxes: every ordered pair imports what
// the other exports through load-balanced east-west gateways; a no-op replan; destroy.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/ossm3/ossm3_rig.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

TEST_CASE(
    "ossm3-three-cluster, manual discovery with roots of their own: every mesh imports the others' "
    "exports at their "
    "gateways' load-balancer addresses, an export dropped removes exactly its imports, and "
    "destroy removes every entry") {
  TempDir tmp;
  const std::vector<std::string> meshes = {"mesh1", "mesh2", "mesh3"};
  Sandboxes sb(meshes, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::string err;
  REQUIRE_MESSAGE(ossm3_namespace(sb, "mesh1", "mesh1-bookinfo", tmp.path(), &err), err);
  REQUIRE_MESSAGE(ossm3_namespace(sb, "mesh2", "mesh2-bookinfo", tmp.path(), &err), err);
  copy_example("ossm3-three-cluster", tmp.path());
  std::string dir = tmp / "examples/ossm3-three-cluster";
  auto env = sb.env();

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());

  // Each gateway's load-balancer address, as its Service holds it.
  std::map<std::string, std::string> lb;
  for (const std::string& m : meshes) {
    json svc = sb.get(m, "service", "eastwestgateway-istio", "istio-system");
    REQUIRE(svc.is_object());
    CHECK(svc["spec"]["type"] == "LoadBalancer");
    lb[m] = svc["status"]["loadBalancer"]["ingress"][0].value("ip", "");
    CHECK(!lb[m].empty());
  }
  // Roots of their own: each mesh trusts the two others' roots and aliases their trust domains.
  std::map<std::string, std::string> roots;
  for (const std::string& m : meshes) {
    json cm = sb.get(m, "configmap", "istio-ca-root-cert", "istio-system");
    REQUIRE(cm.is_object());
    roots[m] = cm["data"]["root-cert.pem"];
  }
  for (const std::string& m : meshes) {
    INFO(m);
    json config = sb.get(m, "istio", "default")["spec"]["values"]["meshConfig"];
    std::set<std::string> trusted, want;
    for (const json& c : config["caCertificates"]) trusted.insert(c.value("pem", ""));
    for (const std::string& peer : meshes)
      if (peer != m) want.insert(roots[peer]);
    CHECK(trusted == want);
    CHECK(config["trustDomainAliases"].size() == 2);
  }
  // What each mesh exports, under which host (the example's defaults).
  const std::map<std::string, std::pair<std::string, std::string>> exported = {
      {"mesh1", {"ratings-bookinfo", "ratings.bookinfo.svc.mesh1-imports.local"}},
      {"mesh2", {"reviews-mesh2-bookinfo", "reviews.mesh2-bookinfo.svc.cluster.local"}}};
  for (const std::string& local : meshes) {
    for (const auto& [remote, what] : exported) {
      if (remote == local) continue;
      INFO(local << " imports from " << remote);
      const std::string name = what.first + "-from-" + remote;
      json se = sb.get(local, "serviceentries.networking.istio.io", name, "istio-system");
      json we = sb.get(local, "workloadentries.networking.istio.io", name, "istio-system");
      json gw = sb.get(local, "gateways.gateway.networking.k8s.io", remote + "-network-gateway",
                       "istio-system");
      REQUIRE(se.is_object());
      REQUIRE(we.is_object());
      REQUIRE(gw.is_object());
      CHECK(se["spec"]["hosts"] == json::array({what.second}));
      CHECK(we["spec"]["address"] == lb[remote]);
      CHECK(we["spec"]["network"] == remote + "-network");
      CHECK(gw["spec"]["addresses"][0]["value"] == lb[remote]);
      CHECK(gw["spec"]["listeners"][0]["port"] == 15443);
    }
  }
  // mesh3 exports nothing, so nobody has a gateway entry for it.
  CHECK(
      sb.get("mesh1", "gateways.gateway.networking.k8s.io", "mesh3-network-gateway", "istio-system")
          .is_null());
  // mesh2 exports reviews as local under its own name, which its Service already has: no
  // ServiceEntry there, only the gateway's host list. mesh1's alias gets one.
  CHECK(sb.list("mesh2", "serviceentries.networking.istio.io", "mesh2-bookinfo").empty());
  json expose =
      sb.get("mesh2", "gateways.networking.istio.io", "eastwestgateway-exports", "istio-system");
  REQUIRE(expose.is_object());
  CHECK(expose["spec"]["servers"][0]["hosts"] ==
        json::array({"reviews.mesh2-bookinfo.svc.cluster.local"}));
  CHECK(sb.get("mesh1", "serviceentries.networking.istio.io", "ratings-bookinfo-export",
               "mesh1-bookinfo")
            .is_object());

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  // mesh2 stops exporting: exactly its gateway's host list and the two imports of it go.
  std::vector<std::string> fewer = {
      "plan", "-detailed-exitcode", "-var",
      "exports={ mesh1 = [{ namespace = \"mesh1-bookinfo\", name = \"ratings\", ports = [{ "
      "number = 9080, name = \"http\" }], alias_namespace = \"bookinfo\" }], mesh2 = [], "
      "mesh3 = [] }"};
  Run plan = run_fedplan(fewer, dir, env);
  CHECK_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  CHECK(count_actions(actions, "module.imports[\"mesh1<-mesh2\"].", "destroyed") == 3);
  CHECK(count_actions(actions, "module.imports[\"mesh3<-mesh2\"].", "destroyed") == 3);
  CHECK(count_actions(actions, "module.exports[\"mesh2\"].kube_object.expose", "destroyed") == 1);
  CHECK_MESSAGE((plan_counts(plan.out) == PlanCounts{0, 0, 7}), plan.out);
  fewer[0] = "apply";
  fewer[1] = "-auto-approve";
  Run shrink = run_fedplan(fewer, dir, env);
  REQUIRE_MESSAGE(shrink.exit_code == 0, shrink.all());
  CHECK(sb.get("mesh1", "serviceentries.networking.istio.io", "reviews-mesh2-bookinfo-from-mesh2",
               "istio-system")
            .is_null());
  CHECK(sb.get("mesh3", "serviceentries.networking.istio.io", "ratings-bookinfo-from-mesh1",
               "istio-system")
            .is_object());

  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  for (const std::string& m : meshes) {
    CHECK(sb.list(m, "serviceentries.networking.istio.io").empty());
    CHECK(sb.list(m, "workloadentries.networking.istio.io").empty());
    CHECK(sb.get(m, "istio", "default").is_null());
  }
}
