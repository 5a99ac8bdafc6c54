// Integration tests of the kube provider's handling of faults a real API server shows:
// 429 with Retry-After, 500, dropped connections and 409 (injected by the sandbox), a wrong
// CA, a wrong token and a cluster that is not there.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>

#include "base/base64.h"
#include "base/files.h"
#include "base/http/testing/test_certs.h"
#include "base/http/testing/test_server.h"
#include "base/kube/kubeconfig.h"
#include "base/yaml_json.h"
#include "lang/value_json.h"
#include "providers/kube/testing/live_fixture.h"
#include "providers/kube/testing/sandbox_process.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::FaultGuard;
using testing::live_provider;
using testing::LiveProvider;
using testing::shared_sandbox;

Value cm(const std::string& name, const std::string& ns = "default") {
  return from_json({{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", name}, {"namespace", ns}}},
                    {"data", {{"k", name}}}});
}

Value config(const Value& manifest) {
  return Value::object({{"manifest", manifest}});
}

std::unique_ptr<LiveProvider> provider_for(const std::string& kubeconfig) {
  auto lp = live_provider(Value::object({{"kubeconfig", Value::string(kubeconfig)}}));
  REQUIRE_MESSAGE(!lp->configure_diags.has_errors(),
                  render_diagnostics(lp->configure_diags, nullptr));
  return lp;
}

// Plans and applies; fails the test on any error.
Value apply(Provider& p, const Value& cfg) {
  PlanResult pr = p.plan_change(PlanRequest{"kube_object", Value(), cfg});
  REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
  ApplyResult ar = p.apply(ApplyRequest{"kube_object", Value(), pr.planned, cfg});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), render_diagnostics(ar.diags, nullptr));
  return ar.state;
}

// Applies new ConfigMaps (plan with dry run + apply: two PATCHes each) until the wire shows
// more PATCHes than were asked for, i.e. at least one was retried; returns how many objects.
int apply_until_retried(LiveProvider& lp, const std::string& prefix) {
  int n = 0;
  while (n < 40) {
    apply(*lp.provider, config(cm(prefix + std::to_string(n))));
    ++n;
    if (lp.wire().count("PATCH") > 2 * n) break;
  }
  CHECK(lp.wire().count("PATCH") > 2 * n);
  return n;
}

// A copy of the sandbox's kubeconfig with `edit` applied to its JSON form.
std::string edited_kubeconfig(const std::string& name, const std::function<void(json&)>& edit) {
  std::string text, err;
  REQUIRE(read_file(shared_sandbox().kubeconfig(), &text, &err));
  YamlResult y = parse_yaml(text);
  REQUIRE(y.ok());
  edit(y.docs[0]);
  std::string path = shared_sandbox().dir() / name;
  std::ofstream(path) << to_yaml(y.docs[0]);
  return path;
}

TEST_CASE("sandbox faults: 429 is retried after the Retry-After the server sent") {
  auto lp = provider_for(shared_sandbox().kubeconfig());
  FaultGuard faults(
      shared_sandbox().kubeconfig(),
      {{"rules", {{{"verb", "patch"}, {"code", 429}, {"rate", 0.5}, {"retryAfter", 1}}}}});
  apply_until_retried(*lp, "r429-");
  bool waited_retry_after = false;
  for (auto d : lp->clock->sleeps()) waited_retry_after |= d == std::chrono::milliseconds(1000);
  CHECK(waited_retry_after);
}

TEST_CASE("sandbox faults: 500 and dropped connections are retried") {
  auto lp = provider_for(shared_sandbox().kubeconfig());
  {
    FaultGuard faults(shared_sandbox().kubeconfig(),
                      {{"rules", {{{"verb", "patch"}, {"code", 500}, {"rate", 0.3}}}}});
    apply_until_retried(*lp, "r500-");
  }
  lp->wire().clear();
  FaultGuard faults(shared_sandbox().kubeconfig(),
                    {{"rules", {{{"verb", "*"}, {"drop", true}, {"rate", 0.3}}}}});
  int n = apply_until_retried(*lp, "rdrop-");
  // Reads go through the same retries.
  std::vector<Value> states;
  for (int i = 0; i < n; ++i) {
    ReadResult r = lp->provider->read(
        "kube_object", Value::object({{"manifest", cm("rdrop-" + std::to_string(i))}}));
    REQUIRE_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
    CHECK_FALSE(r.state.is_null());
  }
}

TEST_CASE("sandbox faults: 502, 503 and 504 are retried, for writes and for a bulk LIST") {
  auto lp = provider_for(shared_sandbox().kubeconfig());
  for (int code : {502, 503, 504}) {
    lp->wire().clear();
    FaultGuard faults(shared_sandbox().kubeconfig(),
                      {{"rules", {{{"verb", "patch"}, {"code", code}, {"rate", 0.3}}}}});
    apply_until_retried(*lp, "r" + std::to_string(code) + "-");
  }
  bool waited_retry_after = false;  // 503 carries Retry-After (1 s), as 429 does
  for (auto d : lp->clock->sleeps()) waited_retry_after |= d == std::chrono::milliseconds(1000);
  CHECK(waited_retry_after);
  // A refresh whose one LIST fails first still reads every object.
  std::vector<Value> states;
  for (int i = 0; i < 3; ++i)
    states.push_back(apply(*lp->provider, config(cm("rlist-" + std::to_string(i), "default"))));
  lp->wire().clear();
  FaultGuard faults(shared_sandbox().kubeconfig(),
                    {{"rules", {{{"verb", "list"}, {"code", 502}, {"rate", 1.0}}}}});
  std::vector<ReadResult> failing = lp->provider->read_many("kube_object", states);
  REQUIRE(failing.size() == 3);
  CHECK(failing[0].diags.has_errors());  // every attempt failed: the error, prior state kept
  CHECK(failing[0].state == states[0]);
  CHECK(lp->wire().count("GET /api/v1/namespaces/default/configmaps") > 1);
}

TEST_CASE(
    "sandbox faults: a DELETE that keeps failing is sent only by the transport, not again by the "
    "engine") {
  auto lp = provider_for(shared_sandbox().kubeconfig());
  Value state = apply(*lp->provider, config(cm("retry-count")));
  lp->wire().clear();
  ApplyResult ar;
  {
    FaultGuard faults(shared_sandbox().kubeconfig(),
                      {{"rules", {{{"verb", "delete"}, {"code", 503}, {"rate", 1.0}}}}});
    ar = lp->provider->apply(ApplyRequest{"kube_object", state, Value(), Value()});
  }
  CHECK(ar.diags.has_errors());
  // The transport's attempts: 5 by default (docs/http.md), 10 in this fixture.
  CHECK(lp->wire().count("DELETE") == 10);
  // The engine retries an apply only when it is marked retryable: it must not be, or each of
  // the engine's tries would send 5 more.
  CHECK_FALSE(ar.retryable);
  ApplyResult gone = lp->provider->apply(ApplyRequest{"kube_object", state, Value(), Value()});
  CHECK_MESSAGE(!gone.diags.has_errors(), render_diagnostics(gone.diags, nullptr));
}

TEST_CASE("sandbox faults: host, token and ca_cert instead of a kubeconfig, a wrong ca_cert") {
  std::string text, err;
  REQUIRE(read_file(shared_sandbox().kubeconfig(), &text, &err));
  YamlResult y = parse_yaml(text);
  REQUIRE(y.ok());
  const json& k = y.docs[0];
  std::string ca =
      base64_decode(k["clusters"][0]["cluster"]["certificate-authority-data"].get<std::string>())
          .value_or("");
  REQUIRE(ca.find("BEGIN CERTIFICATE") != std::string::npos);
  Value settings = Value::object(
      {{"host", Value::string(k["clusters"][0]["cluster"]["server"].get<std::string>())},
       {"token", Value::string(k["users"][0]["user"]["token"].get<std::string>())},
       {"ca_cert", Value::string(ca)}});
  auto lp = live_provider(settings);
  REQUIRE_MESSAGE(!lp->configure_diags.has_errors(),
                  render_diagnostics(lp->configure_diags, nullptr));
  Value s = apply(*lp->provider, config(cm("by-host")));
  CHECK(s.get("uid")->known());

  ValueMap wrong = settings.attributes();
  wrong["ca_cert"] = Value::string(fedplan::testing::make_test_ca("not the sandbox").cert_pem);
  auto bad = live_provider(Value::object(std::move(wrong)));
  REQUIRE_MESSAGE(!bad->configure_diags.has_errors(),
                  render_diagnostics(bad->configure_diags, nullptr));
  PlanResult pr = bad->provider->plan_change(PlanRequest{"kube_object", Value(), config(cm("y"))});
  REQUIRE(pr.diags.has_errors());
  CHECK(pr.note.empty());
  CHECK(pr.diags.items[0].detail.find("TLS certificate verification failed") != std::string::npos);
}

TEST_CASE("sandbox faults: a 409 that is not a field conflict is retried") {
  auto lp = provider_for(shared_sandbox().kubeconfig());
  FaultGuard faults(shared_sandbox().kubeconfig(),
                    {{"rules", {{{"verb", "patch"}, {"code", 409}, {"rate", 0.2}}}}});
  apply_until_retried(*lp, "r409-");
}

TEST_CASE("sandbox faults: a 4xx that means bad input is not retried") {
  auto lp = provider_for(shared_sandbox().kubeconfig());
  Value bad = from_json(json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"Not_Valid","namespace":"default"}})"));
  PlanResult pr = lp->provider->plan_change(PlanRequest{"kube_object", Value(), config(bad)});
  REQUIRE(pr.diags.has_errors());
  CHECK(lp->wire().count("PATCH") == 1);
  CHECK(pr.diags.items[0].detail.find("Invalid") != std::string::npos);
}

TEST_CASE("sandbox faults: a wrong CA fails TLS verification with a hint, not a degraded plan") {
  auto other_ca = fedplan::testing::make_test_ca("not the sandbox");
  std::string kc = edited_kubeconfig("wrong-ca.kubeconfig", [&](json& k) {
    k["clusters"][0]["cluster"]["certificate-authority-data"] = base64_encode(other_ca.cert_pem);
  });
  auto lp = provider_for(kc);
  PlanResult pr = lp->provider->plan_change(PlanRequest{"kube_object", Value(), config(cm("x"))});
  REQUIRE(pr.diags.has_errors());
  CHECK(pr.note.empty());
  CHECK(pr.diags.items[0].detail.find("TLS certificate verification failed") != std::string::npos);
  CHECK(pr.diags.items[0].detail.find("check the certificate authority in kubeconfig " + kc) !=
        std::string::npos);
}

TEST_CASE("sandbox faults: a wrong token is a 401 error naming the credentials") {
  std::string kc = edited_kubeconfig(
      "wrong-token.kubeconfig", [&](json& k) { k["users"][0]["user"]["token"] = "not-the-token"; });
  auto lp = provider_for(kc);
  PlanResult pr = lp->provider->plan_change(PlanRequest{"kube_object", Value(), config(cm("x"))});
  REQUIRE(pr.diags.has_errors());
  CHECK(pr.diags.items[0].detail.find("401 Unauthorized") != std::string::npos);
  CHECK(lp->wire().log().size() == 1);  // never retried
  ReadResult rd = lp->provider->read_data(
      "kube_object",
      Value::object({{"kind", Value::string("ConfigMap")}, {"name", Value::string("x")}}));
  CHECK(rd.diags.has_errors());
}

TEST_CASE("sandbox faults: a cluster that does not answer gives a plan from config alone") {
  std::string kc = edited_kubeconfig("nowhere.kubeconfig", [&](json& k) {
    k["clusters"][0]["cluster"]["server"] =
        "https://127.0.0.1:" + std::to_string(fedplan::testing::unused_local_port());
  });
  auto lp = provider_for(kc);
  PlanResult pr = lp->provider->plan_change(PlanRequest{"kube_object", Value(), config(cm("x"))});
  REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
  CHECK(pr.note.find("cluster unreachable") != std::string::npos);
  size_t sent = lp->wire().log().size();
  pr = lp->provider->plan_change(PlanRequest{"kube_object", Value(), config(cm("y"))});
  CHECK(pr.note.find("planned from config alone") != std::string::npos);
  CHECK(lp->wire().log().size() == sent);
  ApplyResult ar =
      lp->provider->apply(ApplyRequest{"kube_object", Value(), pr.planned, config(cm("y"))});
  REQUIRE(ar.diags.has_errors());
  CHECK_FALSE(ar.retryable);  // the transport retried the connects already (docs/http.md)
}

}  // namespace
}  // namespace fedplan::kube
