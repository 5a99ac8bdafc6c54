// Tests of the rotation rules of kube_istio_cacerts and kube_remote_secret on a fake clock:
// expiry within rotate_before, the rotation trigger, a Secret changed out of band, a service
// account recreated; and that a plan names the reasons while the state never holds the secret.
#include "providers/kube/secret_rotation.h"

#include <doctest/doctest.h>

#include "base/base64.h"
#include "base/certs.h"
#include "base/kube/exec_plugin.h"
#include "base/testing/fake_clock.h"
#include "base/yaml_json.h"
#include "lang/value_equality.h"
#include "providers/kube/cacerts_resource.h"
#include "providers/kube/remote_secret_resource.h"
#include "providers/kube/secret_push.h"
#include "providers/kube/testing/provider_fixture.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using std::chrono::hours;

RotationFacts rotation_test_facts(Clock::time_point now, Clock::time_point expires) {
  RotationFacts f;
  f.what = "the token";
  f.now = now;
  f.expires_at = format_utc(expires);
  f.rotate_before = hours(720);
  f.data_sha256 = f.live_data_sha256 = "abc";
  f.secret = "istio-system/x";
  return f;
}

std::string rotation_test_joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += s + "\n";
  return out;
}

TEST_CASE("a secret rotates when it expires within rotate_before, and not before") {
  FakeClock clock;
  Clock::time_point now = clock.now();
  CHECK(rotation_reasons(rotation_test_facts(now, now + hours(24 * 60))).empty());
  std::string soon =
      rotation_test_joined(rotation_reasons(rotation_test_facts(now, now + hours(700))));
  CHECK(soon.find("the token expires at ") != std::string::npos);
  CHECK(soon.find("within rotate_before (720h)") != std::string::npos);
  std::string past =
      rotation_test_joined(rotation_reasons(rotation_test_facts(now, now - hours(1))));
  CHECK(past.find("the token expired at ") != std::string::npos);
}

TEST_CASE("the rotation trigger and data changed out of band are reasons to rotate") {
  FakeClock clock;
  RotationFacts f = rotation_test_facts(clock.now(), clock.now() + hours(24 * 365));
  f.recorded_rotation = 1;
  f.wanted_rotation = 2;
  f.live_data_sha256 = "def";
  std::string why = rotation_test_joined(rotation_reasons(f));
  CHECK(why.find("rotation changed from 1 to 2") != std::string::npos);
  CHECK(why.find("holds other data than fedplan wrote") != std::string::npos);
  f.live_data_sha256 = "";  // not refreshed: nothing is known to differ
  f.wanted_rotation = 1;
  CHECK(rotation_reasons(f).empty());
}

TEST_CASE("a Secret's data digest depends on every key and value, not on their order") {
  json a = {{"x", "MQ=="}, {"y", "Mg=="}};
  json b = json::parse(R"({"y": "Mg==", "x": "MQ=="})");
  CHECK(secret_data_sha256(a) == secret_data_sha256(b));
  CHECK(secret_data_sha256(a) != secret_data_sha256(json{{"x", "MQ=="}, {"y", "Mw=="}}));
  CHECK(secret_data_sha256(a) != secret_data_sha256(json{{"xy", "MQ=="}}));
  CHECK(format_utc(*parse_rfc3339("2026-12-07T18:00:00Z")) == "2026-12-07T18:00:00Z");
}

Doc rotation_test_remote_prior(Clock::time_point expires) {
  return Doc{json{{"source", {{"kubeconfig", "/k"}}},
                  {"cluster_name", "mesh1"},
                  {"service_account", "reader"},
                  {"token", kNotStored},
                  {"token_sha256", "t"},
                  {"token_expires_at", format_utc(expires)},
                  {"sa_uid", "u1"},
                  {"live_sa_uid", "u1"},
                  {"data_sha256", "d"},
                  {"live_data_sha256", "d"}}};
}

Doc rotation_test_remote_config() {
  return Doc{json{{"source", {{"kubeconfig", "/k"}}},
                  {"cluster_name", "mesh1"},
                  {"service_account", "reader"}}};
}

TEST_CASE("a remote secret's token is renewed when its service account was recreated or deleted") {
  FakeClock clock;
  Doc prior = rotation_test_remote_prior(clock.now() + hours(24 * 300));
  DocPlan same = plan_remote_secret(prior, rotation_test_remote_config(), clock.now());
  CHECK(same.keep_prior);
  prior.set("live_sa_uid", Doc{json("u2")});
  DocPlan recreated = plan_remote_secret(prior, rotation_test_remote_config(), clock.now());
  CHECK_FALSE(recreated.keep_prior);
  CHECK(recreated.note.find("was recreated (uid u1 is now u2)") != std::string::npos);
  CHECK(recreated.note.find(kNotStored) != std::string::npos);
  CHECK(recreated.planned.unknown_at({PathStep::attr("token_sha256")}));
  CHECK(recreated.planned.at("token").json == kNotStored);
  prior.set("live_sa_uid", Doc{json("")});
  DocPlan deleted = plan_remote_secret(prior, rotation_test_remote_config(), clock.now());
  CHECK(deleted.note.find("was deleted on the source cluster") != std::string::npos);
}

TEST_CASE("a remote secret whose token nears expiry is renewed as the clock moves") {
  FakeClock clock;
  Doc prior = rotation_test_remote_prior(clock.now() + hours(24 * 40));
  CHECK(plan_remote_secret(prior, rotation_test_remote_config(), clock.now()).keep_prior);
  clock.advance(hours(24 * 11));
  DocPlan later = plan_remote_secret(prior, rotation_test_remote_config(), clock.now());
  CHECK(later.note.find("within rotate_before (720h)") != std::string::npos);
  Doc renamed = rotation_test_remote_config();
  renamed.set("cluster_name", Doc{json("mesh9")});
  DocPlan r = plan_remote_secret(prior, renamed, clock.now());
  REQUIRE(r.requires_replace.size() == 1);
  CHECK(r.requires_replace[0] == ValuePath{PathStep::attr("cluster_name")});
}

TEST_CASE("a rotate_before as long as the lifetime is refused: every plan would rotate") {
  Doc remote = rotation_test_remote_config();
  remote.set("token_ttl", Doc{json("2h")});
  CHECK(validate_remote_secret(remote).has_errors());
  remote.set("rotate_before", Doc{json("30m")});
  CHECK_FALSE(validate_remote_secret(remote).has_errors());
  Doc ca{json{{"validity", "720h"}}};
  CHECK(validate_cacerts(ca).has_errors());
  ca.set("rotate_before", Doc{json("24h")});
  CHECK_FALSE(validate_cacerts(ca).has_errors());
}

TEST_CASE("a remote secret's kubeconfig names the cluster, server, CA and token") {
  std::string k = remote_kubeconfig("mesh1", "https://127.0.0.1:6443", "PEM", "tok");
  YamlResult j = parse_yaml(k);
  REQUIRE_MESSAGE(j.ok(), j.error);
  REQUIRE(j.docs.size() == 1);
  CHECK(j.docs[0]["current-context"] == "mesh1");
  CHECK(j.docs[0]["clusters"][0]["cluster"]["server"] == "https://127.0.0.1:6443");
  CHECK(j.docs[0]["clusters"][0]["cluster"]["certificate-authority-data"] == base64_encode("PEM"));
  CHECK(j.docs[0]["users"][0]["user"]["token"] == "tok");
}

TEST_CASE("a rollout is done when the latest generation is observed and every replica updated") {
  json d = {
      {"metadata", {{"generation", 3}}},
      {"spec", {{"replicas", 2}}},
      {"status", {{"observedGeneration", 2}, {"updatedReplicas", 2}, {"availableReplicas", 2}}}};
  CHECK_FALSE(rollout_done(d));
  d["status"]["observedGeneration"] = 3;
  CHECK(rollout_done(d));
  d["status"]["updatedReplicas"] = 1;
  CHECK_FALSE(rollout_done(d));
}

// The kube_istio_cacerts config of these tests: a root of the mesh's own.
Value rotation_test_cacerts_config(int rotation = 0) {
  return from_json(json{{"namespace", "istio-system"},
                        {"key_type", "ec-p256"},
                        {"validity", "1440h"},
                        {"rotation", rotation}});
}

TEST_CASE(
    "kube_istio_cacerts pushes its key to the Secret, records only its fingerprint, and "
    "rotates within rotate_before") {
  testing::ProviderFixture f;
  f.cluster->put(
      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "istio-system"}}}});
  PlanResult create = f.plan("kube_istio_cacerts", Value(), rotation_test_cacerts_config());
  REQUIRE_MESSAGE(!create.diags.has_errors(), testing::diag_text(create.diags));
  CHECK(create.note.find(kNotStored) != std::string::npos);
  Value state = f.apply("kube_istio_cacerts", Value(), rotation_test_cacerts_config());
  json s = to_json(state);
  json secret = f.cluster->object("v1", "Secret", "istio-system", "cacerts");
  REQUIRE(secret.is_object());
  std::string key = base64_decode(secret["data"]["ca-key.pem"].get<std::string>()).value_or("");
  REQUIRE(key.find("PRIVATE KEY") != std::string::npos);
  CHECK(s.dump().find(key.substr(40, 40)) == std::string::npos);
  CHECK(s.dump().find(secret["data"]["ca-key.pem"].get<std::string>()) == std::string::npos);
  std::string err;
  CHECK(s["ca_key_sha256"] == key_public_sha256(key, &err));
  CHECK(s["private_key"] == kNotStored);
  CHECK(s["data_sha256"] == secret_data_sha256(secret["data"]));

  // Unchanged: a no-op. 60 days valid, rotate_before 720h: after 31 days it rotates.
  CHECK(same_value(f.plan("kube_istio_cacerts", state, rotation_test_cacerts_config()).planned,
                   state));
  f.clock.advance(hours(24 * 31));
  PlanResult later = f.plan("kube_istio_cacerts", state, rotation_test_cacerts_config());
  CHECK(later.note.find("the CA certificate expires at") != std::string::npos);
  CHECK(later.note.find("within rotate_before (720h)") != std::string::npos);
  Value rotated = f.p->apply(ApplyRequest{"kube_istio_cacerts", state, later.planned,
                                          rotation_test_cacerts_config()})
                      .state;
  json r = to_json(rotated);
  CHECK(r["ca_key_sha256"] != s["ca_key_sha256"]);
  CHECK(r["expires_at"] != s["expires_at"]);
}

TEST_CASE(
    "kube_istio_cacerts rotates when its Secret is changed out of band or the trigger moves") {
  testing::ProviderFixture f;
  f.cluster->put(
      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "istio-system"}}}});
  Value state = f.apply("kube_istio_cacerts", Value(), rotation_test_cacerts_config());
  // A setting that changes nothing in the certificate is an update in place.
  Value cfg = rotation_test_cacerts_config();
  json c = to_json(cfg);
  c["rotate_before"] = "24h";
  PlanResult plain = f.plan("kube_istio_cacerts", state, from_json(c));
  CHECK(plain.note.empty());
  CHECK(to_json(plain.planned)["ca_cert"] == to_json(state)["ca_cert"]);
  json secret = f.cluster->object("v1", "Secret", "istio-system", "cacerts");
  secret["data"]["ca-key.pem"] = base64_encode("someone else's key");
  f.cluster->put(secret);
  ReadResult read = f.p->read("kube_istio_cacerts", state);
  REQUIRE_MESSAGE(!read.diags.has_errors(), testing::diag_text(read.diags));
  PlanResult p = f.plan("kube_istio_cacerts", read.state, rotation_test_cacerts_config());
  CHECK(p.note.find("changed outside fedplan") != std::string::npos);
  // Read live at plan time too: the engine's final plan at apply comes to the same answer.
  CHECK(f.plan("kube_istio_cacerts", state, rotation_test_cacerts_config())
            .note.find("changed outside fedplan") != std::string::npos);
  PlanResult bumped = f.plan("kube_istio_cacerts", state, rotation_test_cacerts_config(1));
  CHECK(bumped.note.find("rotation changed from 0 to 1") != std::string::npos);
  // A refreshed value edited to name another Secret is not this record's object.
  CHECK(f.p->other_object("kube_istio_cacerts", state, read.state).empty());
  json edited = to_json(read.state);
  edited["namespace"] = "other";
  CHECK(f.p->other_object("kube_istio_cacerts", state, from_json(edited)).find("namespace is") ==
        0);
}

}  // namespace
}  // namespace fedplan::kube
