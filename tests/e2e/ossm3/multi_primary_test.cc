// examples/ossm3-two-cluster with multi-primary discovery end to end: one shared root whose
// intermediates verify, reader accounts, and remote secrets whose tokens only the issuer accepts.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "base/base64.h"
#include "base/testing/temp_dir.h"
#include "tests/e2e/ossm3/ossm3_rig.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

TEST_CASE(
    "ossm3-two-cluster, multi-primary behind MetalLB: each side's remote secret holds a token the "
    "other "
    "sandbox issued, and both intermediates chain to the shared root") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::string err;
  for (const std::string mesh : {"mesh1", "mesh2"})
    REQUIRE_MESSAGE(ossm3_rbac_kinds(sb, mesh, tmp.path(), &err), err);
  Ossm3Root root;
  REQUIRE_MESSAGE(ossm3_make_root(tmp.path(), &root, &err), err);
  copy_example("ossm3-two-cluster", tmp.path());
  std::string dir = tmp / "examples/ossm3-two-cluster";
  auto env = sb.env();
  std::vector<std::string> vars = {
      "-var", "discovery=multi_primary",        "-var", "root_cert_file=" + root.cert_file,
      "-var", "root_key_file=" + root.key_file, "-var", "platform=metallb",
      "-var", "metallb_address_pool=federation"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), vars.begin(), vars.end());
    return args;
  };

  Run apply = run_fedplan(with({"apply", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  // The CA key and the tokens never reach the state or the output.
  CHECK(apply.out.find("BEGIN EC PRIVATE KEY") == std::string::npos);
  CHECK(apply.out.find("BEGIN PRIVATE KEY") == std::string::npos);

  for (const std::string mesh : {"mesh1", "mesh2"}) {
    const std::string peer = mesh == "mesh1" ? "mesh2" : "mesh1";
    INFO(mesh << " reads " << peer);
    json istio = sb.get(mesh, "istio", "default");
    REQUIRE(istio.is_object());
    CHECK(istio["spec"]["values"]["global"]["meshID"] == "federation");
    // The shared root: root-cert.pem is the root, ca-cert.pem an intermediate it signed.
    json ca = sb.get(mesh, "secret", "cacerts", "istio-system");
    REQUIRE(ca.is_object());
    auto root_pem = fedplan::base64_decode(ca["data"]["root-cert.pem"].get<std::string>());
    auto ca_pem = fedplan::base64_decode(ca["data"]["ca-cert.pem"].get<std::string>());
    REQUIRE(root_pem);
    REQUIRE(ca_pem);
    CHECK(*root_pem == root.ca.cert_pem);
    CHECK(fedplan::cert_signed_by(*ca_pem, root.ca.cert_pem));
    json published = sb.get(mesh, "configmap", "istio-ca-root-cert", "istio-system");
    REQUIRE(published.is_object());
    CHECK(published["data"]["root-cert.pem"] == root.ca.cert_pem);
    // Every host passes the gateway in multi-primary.
    json gw = sb.get(mesh, "gateways.gateway.networking.k8s.io", "eastwestgateway", "istio-system");
    REQUIRE(gw.is_object());
    CHECK_FALSE(gw["spec"]["listeners"][0].contains("hostname"));
    // MetalLB: the pool reaches the Service through the Gateway's infrastructure annotations.
    CHECK(gw["spec"]["infrastructure"]["annotations"]["metallb.universe.tf/address-pool"] ==
          "federation");

    // On the peer, the reader account for this mesh, with its role and binding.
    json sa = sb.get(peer, "serviceaccount", "istio-reader-" + mesh, "istio-system");
    REQUIRE(sa.is_object());
    json binding = sb.get(peer, "clusterrolebinding", "istio-reader-" + mesh + "-istio-system");
    REQUIRE(binding.is_object());
    CHECK(binding["subjects"][0]["name"] == "istio-reader-" + mesh);
    CHECK(sb.get(peer, "clusterrole", "istio-reader-" + mesh + "-istio-system").is_object());

    // Here, the remote secret for the peer, labelled for istiod; its token is the peer's.
    json secret = sb.get(mesh, "secret", "istio-remote-secret-" + peer, "istio-system");
    REQUIRE(secret.is_object());
    CHECK(secret["metadata"]["labels"]["istio/multiCluster"] == "true");
    CHECK(secret["metadata"]["annotations"]["networking.istio.io/cluster"] == peer);
    std::string token = ossm3_remote_secret_token(secret);
    REQUIRE(!token.empty());
    CHECK(ossm3_token_authenticates(sb, peer, token, tmp.path()));
    CHECK_FALSE(ossm3_token_authenticates(sb, mesh, token, tmp.path()));
  }
  // Neither a token nor a CA key is in the state.
  std::ifstream state_file(dir + "/fedplan.state.json");
  std::string state((std::istreambuf_iterator<char>(state_file)), std::istreambuf_iterator<char>());
  REQUIRE(!state.empty());
  CHECK(state.find("PRIVATE KEY") == std::string::npos);
  for (const std::string mesh : {"mesh1", "mesh2"}) {
    const std::string peer = mesh == "mesh1" ? "mesh2" : "mesh1";
    std::string token = ossm3_remote_secret_token(
        sb.get(mesh, "secret", "istio-remote-secret-" + peer, "istio-system"));
    REQUIRE(!token.empty());
    CHECK(state.find(token) == std::string::npos);
  }
  // Nothing of manual discovery.
  CHECK(sb.list("mesh2", "serviceentries.networking.istio.io").empty());

  Run again = run_fedplan(with({"plan", "-detailed-exitcode"}), dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  Run destroy = run_fedplan(with({"destroy", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  for (const std::string mesh : {"mesh1", "mesh2"}) {
    CHECK(sb.get(mesh, "secret",
                 "istio-remote-secret-" +
                     (mesh == "mesh1" ? std::string("mesh2") : std::string("mesh1")),
                 "istio-system")
              .is_null());
    CHECK(sb.get(mesh, "istio", "default").is_null());
    CHECK(sb.get(mesh, "namespace", "istio-system").is_null());
  }
}
