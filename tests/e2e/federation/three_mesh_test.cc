// examples/three-mesh and examples/single-cluster end to end on sandboxes: every pair of
// three meshes peered, then one mesh removed; two meshes inside one cluster, with the seed
// README's ratings redirects switched on and over.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

TEST_CASE("three-mesh: every pair peered, and removing a mesh deletes exactly its peers") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2", "mesh3"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("three-mesh", tmp.path());
  std::string dir = tmp / "examples/three-mesh";
  auto env = sb.env();
  auto before3 = sb.dump("mesh3");

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  // 3 x (2 namespaces, SMCP, SMMR, 3 markers) + 6 x (CA, peer) + 2 exports + 2 imports.
  CHECK(apply.out.find("Apply complete! Resources: 37 added, 0 changed, 0 destroyed.") !=
        std::string::npos);

  // Each control plane has a gateway pair per peer; each peer points at the right gateway.
  for (const std::string mesh : {"mesh1", "mesh2", "mesh3"}) {
    json smcp = sb.get(mesh, "servicemeshcontrolplane", "fed-" + mesh, mesh + "-system");
    REQUIRE(smcp.is_object());
    json gw = smcp["spec"]["gateways"];
    for (const std::string peer : {"mesh1", "mesh2", "mesh3"}) {
      if (peer == mesh) continue;
      INFO(mesh << " -> " << peer);
      CHECK(gw["additionalIngress"].contains(peer + "-ingress"));
      CHECK(gw["additionalEgress"].contains(peer + "-egress"));
      json p = sb.get(mesh, "servicemeshpeer", peer, mesh + "-system");
      REQUIRE(p.is_object());
      // The remote side's ingress gateway for this mesh: its NodePort by name.
      json svc = sb.get(peer, "service", mesh + "-ingress", peer + "-system");
      REQUIRE(svc.is_object());
      for (const json& port : svc["spec"]["ports"])
        if (port["name"] == "tls") CHECK(p["spec"]["remote"]["servicePort"] == port["nodePort"]);
      json ca = sb.get(mesh, "configmap", peer + "-ca-root-cert", mesh + "-system");
      json remote_ca = sb.get(peer, "configmap", "istio-ca-root-cert", peer + "-system");
      REQUIRE(ca.is_object());
      CHECK(ca["data"]["root-cert.pem"] == remote_ca["data"]["root-cert.pem"]);
    }
  }

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  // Without mesh3: its own objects go, and so do the peers and CAs for it on mesh1 and mesh2;
  // their control planes lose the gateway pair for mesh3 (an update); nothing else changes
  // (in particular the peers between mesh1 and mesh2 are not touched).
  std::vector<std::string> two = {"plan", "-detailed-exitcode", "-var",
                                  "meshes=[\"mesh1\",\"mesh2\"]"};
  Run plan = run_fedplan(two, dir, env);
  CHECK_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  const std::string cp = "module.federation.module.control_plane";
  const std::string peering = "module.federation.module.peering";
  CHECK(count_actions(actions, cp + "[\"mesh3\"].", "destroyed") == 7);
  CHECK(count_actions(actions, cp + "[\"mesh1\"].null_resource.gateway[\"mesh3\"]", "destroyed") ==
        1);
  CHECK(count_actions(actions, cp + "[\"mesh2\"].null_resource.gateway[\"mesh3\"]", "destroyed") ==
        1);
  CHECK(count_actions(actions, peering + "[\"mesh1->mesh3\"].", "destroyed") == 3);
  CHECK(count_actions(actions, peering + "[\"mesh2->mesh3\"].", "destroyed") == 2);
  CHECK(count_actions(actions, peering + "[\"mesh3->mesh1\"].", "destroyed") == 3);
  CHECK(count_actions(actions, peering + "[\"mesh3->mesh2\"].", "destroyed") == 2);
  CHECK(count_actions(actions, cp + "[\"mesh1\"].kube_object.control_plane", "updated in-place") ==
        1);
  CHECK(count_actions(actions, cp + "[\"mesh2\"].kube_object.control_plane", "updated in-place") ==
        1);
  CHECK_MESSAGE((plan_counts(plan.out) == PlanCounts{0, 2, 19}), plan.out);
  two[1] = "-auto-approve";
  two[0] = "apply";
  Run shrink = run_fedplan(two, dir, env);
  REQUIRE_MESSAGE(shrink.exit_code == 0, shrink.all());
  CHECK(sb.get("mesh1", "servicemeshpeer", "mesh3", "mesh1-system").is_null());
  CHECK(sb.get("mesh1", "configmap", "mesh3-ca-root-cert", "mesh1-system").is_null());
  CHECK(sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system").is_object());
  CHECK(sb.dump("mesh3") == before3);

  Run destroy =
      run_fedplan({"destroy", "-auto-approve", "-var", "meshes=[\"mesh1\",\"mesh2\"]"}, dir, env);
  CHECK_MESSAGE(destroy.exit_code == 0, destroy.all());
}

TEST_CASE("single-cluster: both meshes in one cluster reach each other by in-cluster names") {
  TempDir tmp;
  Sandboxes sb({"mesh1"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("single-cluster", tmp.path());
  std::string dir = tmp / "examples/single-cluster";
  auto before = sb.dump("mesh1");
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  json p1 = sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system");
  json p2 = sb.get("mesh1", "servicemeshpeer", "mesh1", "mesh2-system");
  REQUIRE(p1.is_object());
  REQUIRE(p2.is_object());
  CHECK(p1["spec"]["remote"]["addresses"][0] == "mesh1-ingress.mesh2-system.svc.cluster.local");
  CHECK(p2["spec"]["remote"]["addresses"][0] == "mesh2-ingress.mesh1-system.svc.cluster.local");
  CHECK(p1["spec"]["remote"]["servicePort"] == 15443);
  CHECK(p1["spec"]["remote"]["discoveryPort"] == 8188);
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, sb.env());
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.dump("mesh1") == before);
}

TEST_CASE(
    "single-cluster: the seed README's ratings redirects are inputs, off by default, and "
    "switching between them replaces only the VirtualService") {
  TempDir tmp;
  Sandboxes sb({"mesh1"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("single-cluster", tmp.path());
  std::string dir = tmp / "examples/single-cluster";
  auto before = sb.dump("mesh1");
  auto vs = [&](const std::string& name) {
    return sb.get("mesh1", "virtualservices.v1beta1.networking.istio.io", name, "mesh2-imports");
  };

  Run plain = run_fedplan({"apply", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(plain.exit_code == 0, plain.all());
  CHECK(sb.get("mesh1", "namespace", "mesh2-imports").is_null());

  Run pass = run_fedplan({"apply", "-auto-approve", "-var", "ratings_redirect=passthrough"}, dir,
                         sb.env());
  REQUIRE_MESSAGE(pass.exit_code == 0, pass.all());
  CHECK(pass.out.find("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.") !=
        std::string::npos);
  json p = vs("ratings-passthrough");
  REQUIRE(p.is_object());
  CHECK(p["spec"]["hosts"] == json::array({"ratings.mesh2-bookinfo.svc.cluster.local"}));
  CHECK(p["spec"]["http"][0]["rewrite"]["authority"] == "ratings.mesh1-bookinfo.svc.cluster.local");

  Run alias = run_fedplan({"apply", "-auto-approve", "-var", "ratings_redirect=egress_alias"}, dir,
                          sb.env());
  REQUIRE_MESSAGE(alias.exit_code == 0, alias.all());
  CHECK(alias.out.find("Apply complete! Resources: 1 added, 0 changed, 1 destroyed.") !=
        std::string::npos);
  CHECK(vs("ratings-passthrough").is_null());
  json a = vs("ratings-aliased-mesh1");
  REQUIRE(a.is_object());
  CHECK(a["spec"]["http"][0]["rewrite"]["authority"] ==
        "ratings-aliased.mesh1-exports.svc.cluster.local");
  CHECK(a["spec"]["gateways"] == json::array({"mesh"}));
  Run again = run_fedplan({"plan", "-detailed-exitcode", "-var", "ratings_redirect=egress_alias"},
                          dir, sb.env());
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  Run bad = run_fedplan({"plan", "-var", "ratings_redirect=sideways"}, dir, sb.env());
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("ratings_redirect.mode must be") != std::string::npos);

  Run destroy = run_fedplan({"destroy", "-auto-approve", "-var", "ratings_redirect=egress_alias"},
                            dir, sb.env());
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.dump("mesh1") == before);
}
