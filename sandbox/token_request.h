// Service-account tokens: a sandbox signs JWTs (EdDSA, with a key derived from its own CA key)
// for the TokenRequest API and legacy token Secrets, verifies them as bearer tokens (the
// service account reads, never writes), and anyone holding its public key (JWKS) can check a
// token is one it issued: how a peer's Istio remote secret is checked.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/ed25519.h"
#include "sandbox/api.h"
#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// What a service-account token says about whom it stands for.
struct TokenClaims {
  std::string issuer;
  std::string ns;
  std::string service_account;
  std::string uid;          // the ServiceAccount's uid
  std::string secret_name;  // legacy Secret tokens only
  std::vector<std::string> audiences;
  int64_t issued_at = 0;   // seconds since the epoch
  int64_t expires_at = 0;  // 0: never (legacy Secret tokens)

  std::string username() const { return "system:serviceaccount:" + ns + ":" + service_account; }
};

// The audience (and issuer) of tokens a sandbox accepts by default, as kube-apiserver's.
constexpr const char* kTokenIssuer = "https://kubernetes.default.svc";

// Signs service-account tokens with one Ed25519 key.
class TokenIssuer {
 public:
  // The key is derived from `seed` (hashed), so a sandbox restarted from its data file (same
  // CA key) issues and accepts the same tokens. nullopt and *err if OpenSSL refuses.
  static std::optional<TokenIssuer> from_seed(std::string_view seed, std::string* err);

  // A signed JWT with the claims kube-apiserver puts in bound (TokenRequest) tokens, or in
  // legacy Secret tokens when claims.secret_name is set.
  std::string issue(const TokenClaims& claims) const;
  // "kid" of the tokens: the unpadded base64url SHA-256 of the public key.
  const std::string& key_id() const { return kid_; }
  const Ed25519Key& key() const { return key_; }
  // /openid/v1/jwks: {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": ..., "kid": ...}]}.
  nlohmann::json jwks() const;

 private:
  TokenIssuer(Ed25519Key key, std::string kid) : key_(std::move(key)), kid_(std::move(kid)) {}
  Ed25519Key key_;
  std::string kid_;
};

// Seconds since the Unix epoch, as token claims (iat, exp, nbf) carry them.
int64_t unix_seconds(Clock::time_point t);

// The strings of a JSON string or array of strings (a token's `aud`, a request's audiences).
std::vector<std::string> token_strings(const nlohmann::json& j);

// Checks `token`'s signature with `key` (a peer's public key) and its time window at `now`;
// fills *claims. False and *err ("token signed by another key", "token has expired", ...).
bool verify_token(std::string_view token, const Ed25519Key& key, Clock::time_point now,
                  TokenClaims* claims, std::string* err);

// The Ed25519 public key in a JWKS document (what /openid/v1/jwks answers).
std::optional<Ed25519Key> key_from_jwks(const nlohmann::json& jwks, std::string* err);

// A token this sandbox issued that still stands for an existing ServiceAccount (same uid; for
// legacy tokens, the Secret still exists) and is meant for `audiences` (empty: the API's).
bool authenticate_token(Cluster& cluster, const TokenIssuer& issuer, std::string_view token,
                        const std::vector<std::string>& audiences, TokenClaims* claims,
                        std::string* err);

// The REST endpoints: POST .../serviceaccounts/NAME/token, POST
// /apis/authentication.k8s.io/v1/tokenreviews, GET /openid/v1/jwks and
// /.well-known/openid-configuration. nullopt when `segments` is none of them.
std::optional<ApiResponse> serve_token_api(Cluster& cluster, const TokenIssuer& issuer,
                                           const ApiRequest& req,
                                           const std::vector<std::string>& segments);

// What a service account authenticated by token may not do: anything but reading (get, list,
// watch, discovery), nor anything on an `admin_only` path. The 403 Forbidden kube-apiserver's
// RBAC answers, or nullopt if allowed.
std::optional<ApiResponse> reader_refusal(const ApiRequest& req,
                                          const std::vector<std::string>& segments,
                                          const std::string& username, bool admin_only = false);

// Fills legacy token Secrets (type kubernetes.io/service-account-token, annotation
// kubernetes.io/service-account.name) with token, ca.crt and namespace, as the token
// controller does; istioctl create-remote-secret waits for this.
class TokenSecretController : public Controller {
 public:
  TokenSecretController(std::shared_ptr<const TokenIssuer> issuer, std::string ca_pem)
      : issuer_(std::move(issuer)), ca_pem_(std::move(ca_pem)) {}
  void reconcile(Cluster& cluster) override;

 private:
  std::shared_ptr<const TokenIssuer> issuer_;
  std::string ca_pem_;
  uint64_t seen_rv_ = 0;
};

}  // namespace fedplan::sandbox
