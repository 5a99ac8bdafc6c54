// The Sail play and service-account tokens as real kubectl sees them: applying an Istio and
// waiting for it, the east-west Gateway's Service, `kubectl create token`, and an Istio-style
// remote secret on one sandbox whose token reads the peer sandbox that issued it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "base/base64.h"
#include "sandbox/kubeconfig.h"
#include "sandbox/testing/test_server.h"
#include "sandbox/token_request.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {
const char* kSailKubectl = "/usr/bin/kubectl";

bool have_sail_kubectl() {
  return ::access(kSailKubectl, X_OK) == 0;
}

// kubectl against one sandbox, or against another kubeconfig in the sandbox's directory.
struct SailKubectl {
  const RunningSandbox& s;
  std::string kubeconfig = s.sandbox.kubeconfig_path();
  std::string run(const std::string& args, int* rc) const {
    std::string out;
    std::string cmd = "timeout 60 " + std::string(kSailKubectl) + " --kubeconfig '" + kubeconfig +
                      "' --cache-dir '" + s.dir + "/cache' " + args;
    *rc = run_command(cmd, &out);
    return out;
  }
  std::string ok(const std::string& args) const {
    int rc = 0;
    std::string out = run(args, &rc);
    INFO("kubectl " << args << "\n" << out);
    CHECK(rc == 0);
    return out;
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(s.dir + "/" + name) << text;
    return "'" + s.dir + "/" + name + "'";
  }
};

SandboxOptions named(const std::string& name) {
  SandboxOptions o;
  o.name = name;
  o.smcp_ready_delay = std::chrono::milliseconds(300);
  return o;
}

const char* kIstio = R"(apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: default
spec:
  namespace: istio-system
  version: v1.26.0
  values:
    global:
      meshID: mesh1
      multiCluster:
        clusterName: mesh1
      network: network1
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eastwestgateway
  namespace: istio-system
  labels:
    topology.istio.io/network: network1
spec:
  gatewayClassName: istio
  listeners:
  - name: tls-passthrough
    port: 15443
    protocol: TLS
    tls:
      mode: Passthrough
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ratings-mesh2
  namespace: istio-system
spec:
  hosts: [ratings.mesh2-bookinfo.svc.cluster.local]
  location: MESH_INTERNAL
  ports:
  - {number: 9080, name: http, protocol: HTTP}
  resolution: STATIC
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata:
  name: ratings-mesh2
  namespace: istio-system
spec:
  address: 192.0.2.10
  network: network2
  labels: {app: ratings}
)";
}  // namespace

TEST_CASE("kubectl applies an Istio, waits for it and finds the east-west gateway" *
          doctest::skip(!have_sail_kubectl())) {
  RunningSandbox s(named("mesh1"));
  SailKubectl k{s};
  k.ok("create ns istio-system");
  std::string applied = k.ok("apply -f " + k.write("istio.yaml", kIstio));
  CHECK(applied.find("istio.sailoperator.io/default created") != std::string::npos);
  CHECK(applied.find("serviceentry.networking.istio.io/ratings-mesh2 created") !=
        std::string::npos);
  CHECK(k.ok("wait --for=condition=Ready istio/default --timeout=30s")
            .find("istio.sailoperator.io/default condition met") != std::string::npos);
  std::string table = k.ok("get istio");
  CHECK(table.find("ACTIVE REVISION") != std::string::npos);
  CHECK(table.find("Healthy") != std::string::npos);
  CHECK(k.ok("get istiorevision default -o jsonpath={.status.state}") == "Healthy");
  CHECK(k.ok("wait --for=condition=Programmed -n istio-system gateway.gateway.networking.k8s.io/"
             "eastwestgateway --timeout=30s")
            .find("condition met") != std::string::npos);
  std::string address = k.ok(
      "get svc eastwestgateway-istio -n istio-system "
      "-o jsonpath={.status.loadBalancer.ingress[0].ip}");
  CHECK(address.starts_with("192.0.2."));
  CHECK(k.ok("get gtw -n istio-system eastwestgateway -o jsonpath={.status.addresses[0].value}") ==
        address);
  CHECK(k.ok("get se,we -n istio-system").find("ratings-mesh2") != std::string::npos);
  CHECK(k.ok("get deploy istiod -n istio-system -o jsonpath={.status.availableReplicas}") == "1");
}

TEST_CASE("an Istio remote secret made with kubectl create token reads the peer that issued it" *
          doctest::skip(!have_sail_kubectl())) {
  RunningSandbox mesh1(named("mesh1")), mesh2(named("mesh2"));
  SailKubectl k1{mesh1}, k2{mesh2};
  k2.ok("create ns istio-system");
  k2.ok("create sa istio-reader-service-account -n istio-system");
  std::string token = k2.ok("create token istio-reader-service-account -n istio-system");
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  REQUIRE(std::count(token.begin(), token.end(), '.') == 2);

  // The remote secret on mesh1, as `istioctl create-remote-secret` shapes it.
  std::string kubeconfig = make_kubeconfig("mesh2", mesh2.sandbox.server_url(),
                                           mesh2.sandbox.identity().ca.cert_pem, token);
  json secret = {{"apiVersion", "v1"},
                 {"kind", "Secret"},
                 {"metadata",
                  {{"name", "istio-remote-secret-mesh2"},
                   {"namespace", "istio-system"},
                   {"labels", {{"istio/multiCluster", "true"}}},
                   {"annotations", {{"networking.istio.io/cluster", "mesh2"}}}}},
                 {"data", {{"mesh2", fedplan::base64_encode(kubeconfig)}}}};
  k1.ok("create ns istio-system");
  k1.ok("apply -f " + k1.write("remote.json", secret.dump()));

  // What istiod on mesh1 would do: read the secret and use it against mesh2.
  std::string stored =
      k1.ok("get secret istio-remote-secret-mesh2 -n istio-system -o jsonpath={.data.mesh2}");
  SailKubectl remote{mesh1, mesh1.dir + "/remote.kubeconfig"};
  std::ofstream(remote.kubeconfig) << fedplan::base64_decode(stored).value_or("");
  CHECK(remote.ok("get ns").find("istio-system") != std::string::npos);
  int rc = 0;
  std::string refused = remote.run("create configmap x -n istio-system", &rc);
  CHECK(rc != 0);
  CHECK(refused.find("User \"system:serviceaccount:istio-system:istio-reader-service-account\" "
                     "cannot create resource \"configmaps\"") != std::string::npos);

  // The token verifies with mesh2's published key and not with mesh1's.
  std::string err;
  auto key2 = key_from_jwks(json::parse(k2.ok("get --raw /openid/v1/jwks")), &err);
  auto key1 = key_from_jwks(json::parse(k1.ok("get --raw /openid/v1/jwks")), &err);
  REQUIRE(key1);
  REQUIRE(key2);
  TokenClaims claims;
  CHECK(verify_token(token, *key2, std::chrono::system_clock::now(), &claims, &err));
  CHECK(claims.service_account == "istio-reader-service-account");
  CHECK_FALSE(verify_token(token, *key1, std::chrono::system_clock::now(), &claims, &err));
  // mesh1 does not accept mesh2's token.
  SailKubectl wrong{mesh1, mesh1.dir + "/wrong.kubeconfig"};
  std::ofstream(wrong.kubeconfig) << make_kubeconfig("mesh1", mesh1.sandbox.server_url(),
                                                     mesh1.sandbox.identity().ca.cert_pem, token);
  CHECK(wrong.run("get ns", &rc).find("Unauthorized") != std::string::npos);
}
