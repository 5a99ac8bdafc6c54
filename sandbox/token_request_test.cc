// Tests for service-account tokens: the TokenRequest API, bearer authentication as a reader,
// expiry and revocation with the service account, TokenReview, legacy token Secrets, and
// checking with a peer's public key (JWKS) which sandbox issued a token.
#include <doctest/doctest.h>

#include "base/base64.h"
#include "sandbox/testing/test_util.h"
#include "sandbox/token_request.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {

std::shared_ptr<const TokenIssuer> make_issuer(const std::string& seed) {
  std::string err;
  std::optional<TokenIssuer> i = TokenIssuer::from_seed(seed, &err);
  REQUIRE_MESSAGE(i, err);
  return std::make_shared<const TokenIssuer>(std::move(*i));
}

// A harness serving tokens, with namespace `istio-system` and ServiceAccount `reader` in it.
struct TokenHarness : Harness {
  std::shared_ptr<const TokenIssuer> issuer = make_issuer("ca key of test");
  TokenHarness() {
    api.set_token_issuer(issuer);
    cluster.add_controller(std::make_shared<TokenSecretController>(issuer, "CA PEM"));
    post("/api/v1/namespaces",
         {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "istio-system"}}}});
    post("/api/v1/namespaces/istio-system/serviceaccounts",
         {{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", {{"name", "reader"}}}});
  }
  std::string token(const json& spec = json::object()) {
    Reply r = post(
        "/api/v1/namespaces/istio-system/serviceaccounts/reader/token",
        {{"apiVersion", "authentication.k8s.io/v1"}, {"kind", "TokenRequest"}, {"spec", spec}});
    REQUIRE(r.status == 201);
    return r.body["status"]["token"];
  }
  Reply as(const std::string& token, const std::string& method, const std::string& target,
           const std::string& body = "") {
    return call(method, target, body, "application/json", token);
  }
};

}  // namespace

TEST_CASE("a requested token reads as its service account but cannot write") {
  TokenHarness h;
  Reply r = h.post("/api/v1/namespaces/istio-system/serviceaccounts/reader/token",
                   {{"apiVersion", "authentication.k8s.io/v1"},
                    {"kind", "TokenRequest"},
                    {"spec", json::object()}});
  REQUIRE(r.status == 201);
  CHECK(r.body["kind"] == "TokenRequest");
  CHECK(r.body["spec"]["expirationSeconds"] == 3600);
  CHECK(r.body["spec"]["audiences"] == json::array({"https://kubernetes.default.svc"}));
  CHECK(r.body["status"].contains("expirationTimestamp"));
  std::string token = r.body["status"]["token"];

  CHECK(h.as(token, "GET", "/api/v1/namespaces/istio-system/serviceaccounts").status == 200);
  CHECK(h.as(token, "GET", "/apis").status == 200);
  Reply write = h.as(token, "POST", "/api/v1/namespaces/istio-system/configmaps",
                     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}})");
  CHECK(write.status == 403);
  CHECK(write.body["message"] ==
        "configmaps is forbidden: User \"system:serviceaccount:istio-system:reader\" cannot "
        "create resource \"configmaps\" in API group \"\" in the namespace \"istio-system\"");
  CHECK(h.as(token, "GET", "/sandbox/v1/faults").status == 403);
  CHECK(h.as("not-a-token", "GET", "/api/v1/namespaces").status == 401);
}

TEST_CASE("a token stops working when it expires or its service account goes") {
  TokenHarness h;
  std::string token = h.token({{"expirationSeconds", 600}});
  CHECK(h.as(token, "GET", "/api/v1/namespaces").status == 200);
  h.advance(std::chrono::seconds(601));
  CHECK(h.as(token, "GET", "/api/v1/namespaces").status == 401);

  std::string again = h.token();
  CHECK(h.as(again, "GET", "/api/v1/namespaces").status == 200);
  REQUIRE(h.call("DELETE", "/api/v1/namespaces/istio-system/serviceaccounts/reader").status == 200);
  h.post("/api/v1/namespaces/istio-system/serviceaccounts",
         {{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", {{"name", "reader"}}}});
  CHECK(h.as(again, "GET", "/api/v1/namespaces").status == 401);  // a new uid
}

TEST_CASE("token requests are refused as kube-apiserver refuses them") {
  TokenHarness h;
  Reply short_lived = h.post("/api/v1/namespaces/istio-system/serviceaccounts/reader/token",
                             {{"spec", {{"expirationSeconds", 10}}}});
  CHECK(short_lived.status == 422);
  CHECK(short_lived.body["message"] ==
        "TokenRequest.authentication.k8s.io \"reader\" is invalid: spec.expirationSeconds: "
        "Invalid value: 10: may not specify a duration less than 10 minutes");
  Reply missing =
      h.post("/api/v1/namespaces/istio-system/serviceaccounts/nobody/token", json::object());
  CHECK(missing.status == 404);
  CHECK(missing.body["message"] == "serviceaccounts \"nobody\" not found");
  CHECK(h.get("/api/v1/namespaces/istio-system/serviceaccounts/reader/token").status == 405);
}

TEST_CASE("only the issuing sandbox's public key verifies its tokens") {
  TokenHarness mesh1;
  auto mesh2 = make_issuer("ca key of mesh2");
  std::string token = mesh1.token({{"audiences", {"istio-remote"}}});

  Reply jwks = mesh1.get("/openid/v1/jwks");
  REQUIRE(jwks.status == 200);
  std::string err;
  std::optional<fedplan::Ed25519Key> key = key_from_jwks(jwks.body, &err);
  REQUIRE_MESSAGE(key, err);
  TokenClaims claims;
  REQUIRE_MESSAGE(verify_token(token, *key, mesh1.clock.now(), &claims, &err), err);
  CHECK(claims.username() == "system:serviceaccount:istio-system:reader");
  CHECK(claims.audiences == std::vector<std::string>{"istio-remote"});

  CHECK_FALSE(verify_token(token, mesh2->key(), mesh1.clock.now(), &claims, &err));
  CHECK(err == "token signed by another key");
  std::string tampered = token;
  tampered[tampered.find('.') + 5] ^= 1;
  CHECK_FALSE(verify_token(tampered, *key, mesh1.clock.now(), &claims, &err));
  // A token for another audience does not authenticate API requests.
  CHECK(mesh1.as(token, "GET", "/api/v1/namespaces").status == 401);
}

TEST_CASE("a TokenReview says whom a token stands for") {
  TokenHarness h;
  std::string token = h.token();
  Reply r = h.post("/apis/authentication.k8s.io/v1/tokenreviews",
                   {{"apiVersion", "authentication.k8s.io/v1"},
                    {"kind", "TokenReview"},
                    {"spec", {{"token", token}}}});
  REQUIRE(r.status == 201);
  CHECK(r.body["status"]["authenticated"] == true);
  CHECK(r.body["status"]["user"]["username"] == "system:serviceaccount:istio-system:reader");
  auto other = make_issuer("another sandbox");
  TokenClaims c;
  c.ns = "istio-system";
  c.service_account = "reader";
  c.audiences = {kTokenIssuer};
  c.issued_at = 0;
  c.expires_at = 4102444800;
  r = h.post("/apis/authentication.k8s.io/v1/tokenreviews",
             {{"spec", {{"token", other->issue(c)}}}});
  CHECK_FALSE(r.body["status"].value("authenticated", false));
  CHECK(r.body["status"]["error"] == "[invalid bearer token, token signed by another key]");
}

TEST_CASE("a service-account token Secret is filled and authenticates until deleted") {
  TokenHarness h;
  REQUIRE(h.post("/api/v1/namespaces/istio-system/secrets",
                 {{"apiVersion", "v1"},
                  {"kind", "Secret"},
                  {"type", "kubernetes.io/service-account-token"},
                  {"metadata",
                   {{"name", "reader-token"},
                    {"annotations", {{"kubernetes.io/service-account.name", "reader"}}}}}})
              .status == 201);
  json secret = h.get("/api/v1/namespaces/istio-system/secrets/reader-token").body;
  REQUIRE(secret["data"].contains("token"));
  CHECK(fedplan::base64_decode(secret["data"]["ca.crt"].get<std::string>()) == "CA PEM");
  std::string token = *fedplan::base64_decode(secret["data"]["token"].get<std::string>());
  CHECK(h.as(token, "GET", "/api/v1/namespaces").status == 200);
  h.advance(std::chrono::hours(24 * 400));
  CHECK(h.as(token, "GET", "/api/v1/namespaces").status == 200);  // legacy tokens never expire
  REQUIRE(h.call("DELETE", "/api/v1/namespaces/istio-system/secrets/reader-token").status == 200);
  CHECK(h.as(token, "GET", "/api/v1/namespaces").status == 401);
}
