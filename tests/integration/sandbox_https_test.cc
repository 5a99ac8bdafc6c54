// Tests over real HTTPS: the sandbox's CA and token, latency injection on timers (other
// clients are not held up), dropped connections, oversize bodies.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "base/base64.h"
#include "base/yaml_json.h"
#include "sandbox/meta.h"
#include "sandbox/testing/test_server.h"

using namespace fedplan;
using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

TEST_CASE("the sandbox serves HTTPS with its own CA and demands its token") {
  RunningSandbox s(SandboxOptions{});
  HttpResponse v = s.send("GET", "/version", "", false);
  REQUIRE_MESSAGE(v.status == 200, v.error_message);
  CHECK(json::parse(v.body)["gitVersion"].get<std::string>().find("fedplan-sandbox") !=
        std::string::npos);
  HttpResponse denied = s.send("GET", "/api/v1/namespaces", "", false);
  CHECK(denied.status == 401);
  CHECK(json::parse(denied.body)["reason"] == "Unauthorized");
  HttpResponse ok = s.send("GET", "/api/v1/namespaces");
  CHECK(ok.status == 200);
  // default, kube-system, kube-public, kube-node-lease, and OLM's openshift-marketplace and
  // openshift-operators.
  CHECK(json::parse(ok.body)["items"].size() == 6);

  // A client that does not trust the sandbox's CA is refused at the handshake.
  TlsConfig other;
  other.ca_pem = RunningSandbox(SandboxOptions{}).sandbox.identity().ca.cert_pem;
  std::string err;
  auto t = make_beast_transport(other, BeastTransportOptions{}, &err);
  REQUIRE(t);
  HttpRequest req;
  req.url = s.url("/version");
  CHECK(t->send(req).error == HttpError::TlsVerify);

  // The kubeconfig names the server, the CA and the token.
  YamlResult kc = parse_yaml(s.sandbox.kubeconfig());
  REQUIRE(kc.ok());
  CHECK(kc.docs[0]["clusters"][0]["cluster"]["server"] == s.sandbox.server_url());
  CHECK(kc.docs[0]["users"][0]["user"]["token"] == s.sandbox.identity().token);
  std::optional<std::string> ca = base64_decode(
      kc.docs[0]["clusters"][0]["cluster"]["certificate-authority-data"].get<std::string>());
  REQUIRE(ca);
  CHECK(*ca == s.sandbox.identity().ca.cert_pem);
}

TEST_CASE("injected latency delays every answer without holding up other clients") {
  SandboxOptions o;
  o.faults.latency = std::chrono::milliseconds(400);
  RunningSandbox s(o);
  auto start = std::chrono::steady_clock::now();
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 5; ++i)
    clients.emplace_back([&] {
      if (s.send("GET", "/api/v1/namespaces/default").status == 200) ++ok;
    });
  for (auto& t : clients) t.join();
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(ok == 5);
  CHECK(elapsed >= std::chrono::milliseconds(400));
  CHECK(elapsed < std::chrono::milliseconds(1500));  // 5 x 400 ms if they were serialised
}

TEST_CASE("a dropped-connection fault closes the connection without an answer") {
  SandboxOptions o;
  o.faults.rules.push_back({"create", 1.0, 0, 1});
  RunningSandbox s(o);
  json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "a"}}}};
  HttpResponse r = s.send("POST", "/api/v1/namespaces/default/configmaps", cm.dump());
  CHECK(r.error == HttpError::ConnectionDropped);
  CHECK(s.send("GET", "/api/v1/namespaces/default/configmaps").status == 200);
}

TEST_CASE("an oversize body gets 413 over the wire and the server carries on") {
  RunningSandbox s(SandboxOptions{});
  HttpResponse r =
      s.send("POST", "/api/v1/namespaces/default/configmaps", std::string(4 * 1024 * 1024, 'x'));
  CHECK(r.status == 413);
  CHECK(s.send("GET", "/healthz", "", false).status == 200);
  HttpResponse garbage = s.send("POST", "/api/v1/namespaces/default/configmaps", "\x01\x02{{");
  CHECK(garbage.status == 400);
}
