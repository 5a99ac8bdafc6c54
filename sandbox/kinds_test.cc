// What the sandbox refuses as kube-apiserver does: Lease spec fields and their types, Secrets
// over 1 MiB, unknown fields by fieldValidation, and media types it does not serve.
#include "sandbox/kinds.h"

#include <doctest/doctest.h>

#include "sandbox/testing/test_util.h"

namespace fedplan::sandbox {
namespace {

using nlohmann::json;
using testing::Harness;
using testing::Reply;

const char* const kLeases = "/apis/coordination.k8s.io/v1/namespaces/default/leases";

json lease(const std::string& name, const json& spec) {
  return {{"metadata", {{"name", name}}}, {"spec", spec}};
}

std::string message(const Reply& r) {
  return r.body.value("message", "");
}

TEST_CASE("Lease spec fields are checked as kube-apiserver checks them") {
  Harness h;
  Reply ok = h.post(kLeases, lease("ok", {{"holderIdentity", "a"},
                                          {"leaseDurationSeconds", 15},
                                          {"acquireTime", "2026-01-01T10:00:00.123456Z"},
                                          {"renewTime", "2026-01-01T12:00:00.000001+02:00"},
                                          {"leaseTransitions", 0}}));
  CHECK(ok.status == 201);

  Reply zero = h.post(kLeases, lease("zero", {{"leaseDurationSeconds", 0}}));
  CHECK(zero.status == 422);
  CHECK(message(zero) ==
        "Lease.coordination.k8s.io \"zero\" is invalid: spec.leaseDurationSeconds: Invalid "
        "value: 0: must be greater than 0");
  Reply negative = h.post(kLeases, lease("neg", {{"leaseTransitions", -1}}));
  CHECK(negative.status == 422);
  CHECK(message(negative).find("spec.leaseTransitions: Invalid value: -1: must be greater than "
                               "or equal to 0") != std::string::npos);

  Reply big = h.post(kLeases, lease("big", {{"leaseDurationSeconds", 3000000000LL}}));
  CHECK(big.status == 400);
  CHECK(message(big) ==
        "Lease in version \"v1\" cannot be handled as a Lease: json: cannot unmarshal number "
        "3000000000 into Go struct field LeaseSpec.spec.leaseDurationSeconds of type int32");
  Reply text = h.post(kLeases, lease("text", {{"leaseDurationSeconds", "15"}}));
  CHECK(text.status == 400);
  Reply holder = h.post(kLeases, lease("holder", {{"holderIdentity", 7}}));
  CHECK(holder.status == 400);

  // MicroTime wants six fractional digits: JavaScript's Date.toISOString() (three) and
  // seconds-only times are refused.
  for (const char* t : {"2026-01-01T10:00:00.123Z", "2026-01-01T10:00:00Z", "yesterday",
                        "2026-13-01T10:00:00.000000Z"}) {
    Reply r = h.post(kLeases, lease("time", {{"renewTime", t}}));
    CHECK_MESSAGE(r.status == 400, t);
    CHECK(message(r).find(std::string("parsing time \"") + t +
                          "\" as "
                          "\"2006-01-02T15:04:05.000000Z07:00\"") != std::string::npos);
  }
  // An update is checked the same way.
  json next = ok.body;
  next["spec"]["leaseDurationSeconds"] = -5;
  CHECK(h.put(std::string(kLeases) + "/ok", next).status == 422);
}

TEST_CASE("a Secret over 1 MiB of data is refused") {
  Harness h;
  std::string mib(1024 * 1024, 'x');
  json secret = {{"metadata", {{"name", "s"}}}, {"stringData", {{"a", mib}}}};
  CHECK(h.post("/api/v1/namespaces/default/secrets", secret).status == 201);
  secret["metadata"]["name"] = "t";
  secret["stringData"]["b"] = "y";
  Reply r = h.post("/api/v1/namespaces/default/secrets", secret);
  CHECK(r.status == 422);
  CHECK(message(r) == "Secret \"t\" is invalid: data: Too long: must have at most 1048576 bytes");
}

TEST_CASE("unknown fields are refused, warned about or dropped by fieldValidation") {
  Harness h;
  json body = lease("l", {{"holderIdentity", "a"}, {"holder", "typo"}});
  body["extra"] = 1;
  Reply strict = h.call("POST", std::string(kLeases) + "?fieldValidation=Strict", body.dump());
  CHECK(strict.status == 400);
  CHECK(message(strict) ==
        "Lease in version \"v1\" cannot be handled as a Lease: strict decoding error: unknown "
        "field \"extra\", unknown field \"spec.holder\"");

  // Warn, also when not asked for: created without them, one Warning header each.
  Reply warn = h.call("POST", kLeases, body.dump());
  REQUIRE(warn.status == 201);
  CHECK_FALSE(warn.body.contains("extra"));
  CHECK_FALSE(warn.body["spec"].contains("holder"));
  std::vector<std::string> warnings;
  for (const auto& [k, v] : warn.response.headers)
    if (k == "Warning") warnings.push_back(v);
  CHECK(warnings == std::vector<std::string>{"299 - \"unknown field \\\"extra\\\"\"",
                                             "299 - \"unknown field \\\"spec.holder\\\"\""});

  body["metadata"]["name"] = "quiet";
  Reply ignore = h.call("POST", std::string(kLeases) + "?fieldValidation=Ignore", body.dump());
  CHECK(ignore.status == 201);
  CHECK_FALSE(ignore.body.contains("extra"));
  CHECK(ignore.response.headers.empty());

  // Patches and updates too; metadata's fields are known.
  Reply patch = h.call("PATCH", std::string(kLeases) + "/l?fieldValidation=Strict",
                       R"({"spec":{"renewtime":"x"},"metadata":{"labels":{"a":"b"}}})",
                       "application/merge-patch+json");
  CHECK(patch.status == 400);
  CHECK(message(patch).find("unknown field \"spec.renewtime\"") != std::string::npos);
  json current = h.get(std::string(kLeases) + "/l").body;
  current["data"] = json::object();
  Reply put = h.call("PUT", std::string(kLeases) + "/l?fieldValidation=Strict", current.dump());
  CHECK(put.status == 400);
  current.erase("data");
  CHECK(h.call("PUT", std::string(kLeases) + "/l?fieldValidation=Strict", current.dump()).status ==
        200);
  Reply secret = h.call("POST", "/api/v1/namespaces/default/secrets?fieldValidation=Strict",
                        R"({"metadata":{"name":"s"},"strinData":{"a":"b"}})");
  CHECK(secret.status == 400);
  CHECK(message(secret).find("unknown field \"strinData\"") != std::string::npos);

  Reply bad = h.call("POST", std::string(kLeases) + "?fieldValidation=strict", body.dump());
  CHECK(bad.status == 422);
  CHECK(message(bad) ==
        "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: "
        "\"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
}

TEST_CASE("protobuf and CBOR are refused so that a client falls back to JSON") {
  Harness h;
  const std::string secrets = "/api/v1/namespaces/default/secrets";
  // Only a media type the sandbox cannot produce: 406, as a server without it answers.
  for (const char* accept : {"application/vnd.kubernetes.protobuf", "application/cbor"})
    CHECK(h.call("GET", secrets, "", "", "secret-token", accept).status == 406);
  // client-go's preference list with JSON after protobuf: JSON.
  Reply listed = h.call("GET", secrets, "", "", "secret-token",
                        "application/vnd.kubernetes.protobuf,application/json");
  CHECK(listed.status == 200);
  CHECK(listed.body["kind"] == "SecretList");
  // A body in either: 415 Unsupported Media Type.
  for (const char* type : {"application/vnd.kubernetes.protobuf", "application/cbor"})
    CHECK(h.call("POST", secrets, "k8s\0", type).status == 415);
}

}  // namespace
}  // namespace fedplan::sandbox
