// Service-account tokens as kube-apiserver makes them: JWTs with its claims, here signed with
// EdDSA (Ed25519) under a key derived from the sandbox's CA key; verification against a
// public key or JWKS; authentication of bearer tokens; the legacy token Secret controller.
#include "sandbox/token_request.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <memory>

#include "base/base64.h"
#include "base/certs.h"
#include "base/digest.h"
#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

std::string b64url(std::string_view bytes) {
  std::string s = base64_encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

std::optional<std::string> b64url_decode(std::string_view text) {
  std::string s(text);
  for (char& c : s) {
    if (c == '+' || c == '/' || c == '=') return std::nullopt;  // not the URL alphabet
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  while (s.size() % 4) s.push_back('=');
  return base64_decode(s);
}

// The Ed25519 private key with the 32-byte `seed`, as PEM (what Ed25519Key reads).
std::string private_pem_from_seed(const std::string& seed, std::string* err) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                   reinterpret_cast<const unsigned char*>(seed.data()),
                                   seed.size()),
      EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!key || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    *err = "OpenSSL could not make the service-account signing key";
    return "";
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

std::optional<TokenIssuer> TokenIssuer::from_seed(std::string_view seed, std::string* err) {
  std::string pem = private_pem_from_seed(
      sha256_bytes("fedplan-sandbox service-account signing key\n" + std::string(seed)), err);
  if (pem.empty()) return std::nullopt;
  std::optional<Ed25519Key> key = Ed25519Key::from_private_pem(pem, err);
  if (!key) return std::nullopt;
  std::string kid = b64url(sha256_bytes(key->public_raw()));
  return TokenIssuer(std::move(*key), std::move(kid));
}

std::string TokenIssuer::issue(const TokenClaims& c) const {
  json header = {{"alg", "EdDSA"}, {"kid", kid_}};
  json payload;
  if (!c.secret_name.empty()) {
    payload = {{"iss", "kubernetes/serviceaccount"},
               {"kubernetes.io/serviceaccount/namespace", c.ns},
               {"kubernetes.io/serviceaccount/secret.name", c.secret_name},
               {"kubernetes.io/serviceaccount/service-account.name", c.service_account},
               {"kubernetes.io/serviceaccount/service-account.uid", c.uid},
               {"sub", c.username()}};
  } else {
    payload = {
        {"aud", c.audiences},
        {"exp", c.expires_at},
        {"iat", c.issued_at},
        {"iss", c.issuer.empty() ? std::string(kTokenIssuer) : c.issuer},
        {"jti", random_hex(16)},
        {"kubernetes.io",
         {{"namespace", c.ns}, {"serviceaccount", {{"name", c.service_account}, {"uid", c.uid}}}}},
        {"nbf", c.issued_at},
        {"sub", c.username()}};
  }
  std::string signing_input = b64url(header.dump()) + "." + b64url(payload.dump());
  return signing_input + "." + b64url(key_.sign(signing_input));
}

json TokenIssuer::jwks() const {
  return {{"keys",
           {{{"use", "sig"},
             {"kty", "OKP"},
             {"crv", "Ed25519"},
             {"kid", kid_},
             {"alg", "EdDSA"},
             {"x", b64url(key_.public_raw())}}}}};
}

bool verify_token(std::string_view token, const Ed25519Key& key, Clock::time_point now,
                  TokenClaims* c, std::string* err) {
  size_t a = token.find('.'), b = a == std::string_view::npos ? a : token.find('.', a + 1);
  if (b == std::string_view::npos || token.find('.', b + 1) != std::string_view::npos) {
    *err = "not a JWT (three dot-separated parts)";
    return false;
  }
  std::optional<std::string> header = b64url_decode(token.substr(0, a));
  std::optional<std::string> payload = b64url_decode(token.substr(a + 1, b - a - 1));
  std::optional<std::string> signature = b64url_decode(token.substr(b + 1));
  if (!header || !payload || !signature) {
    *err = "not a JWT (a part is not base64url)";
    return false;
  }
  json h = json::parse(*header, nullptr, false), p = json::parse(*payload, nullptr, false);
  if (!h.is_object() || !p.is_object()) {
    *err = "not a JWT (a part is not a JSON object)";
    return false;
  }
  if (get_string(h, "alg") != "EdDSA") {
    *err = "token algorithm " + get_string(h, "alg") + " is not EdDSA";
    return false;
  }
  if (!key.verify(token.substr(0, b), *signature)) {
    *err = "token signed by another key";
    return false;
  }
  *c = TokenClaims{};
  c->issuer = get_string(p, "iss");
  c->audiences = token_strings(p.value("aud", json()));
  c->issued_at = get_int(p, "iat", 0);
  c->expires_at = get_int(p, "exp", 0);
  const json& k8s = get_object(p, "kubernetes.io");
  if (!k8s.empty()) {
    c->ns = get_string(k8s, "namespace");
    c->service_account = get_string(get_object(k8s, "serviceaccount"), "name");
    c->uid = get_string(get_object(k8s, "serviceaccount"), "uid");
  } else {
    c->ns = get_string(p, "kubernetes.io/serviceaccount/namespace");
    c->secret_name = get_string(p, "kubernetes.io/serviceaccount/secret.name");
    c->service_account = get_string(p, "kubernetes.io/serviceaccount/service-account.name");
    c->uid = get_string(p, "kubernetes.io/serviceaccount/service-account.uid");
  }
  if (c->ns.empty() || c->service_account.empty() || get_string(p, "sub") != c->username()) {
    *err = "token is not a service-account token";
    return false;
  }
  int64_t t = unix_seconds(now);
  if (c->expires_at != 0 && t >= c->expires_at) {
    *err = "token has expired";
    return false;
  }
  if (get_int(p, "nbf", 0) > t + 60) {
    *err = "token is not valid yet";
    return false;
  }
  return true;
}

std::optional<Ed25519Key> key_from_jwks(const json& jwks, std::string* err) {
  for (const json& k : get_array(jwks, "keys")) {
    if (get_string(k, "kty") != "OKP" || get_string(k, "crv") != "Ed25519") continue;
    std::optional<std::string> raw = b64url_decode(get_string(k, "x"));
    if (raw)
      if (std::optional<Ed25519Key> key = Ed25519Key::from_public_raw(*raw)) return key;
  }
  *err = "the JWKS holds no Ed25519 key";
  return std::nullopt;
}

bool authenticate_token(Cluster& cluster, const TokenIssuer& issuer, std::string_view token,
                        const std::vector<std::string>& audiences, TokenClaims* c,
                        std::string* err) {
  if (!verify_token(token, issuer.key(), cluster.clock().now(), c, err)) return false;
  if (c->secret_name.empty()) {
    std::vector<std::string> want = audiences;
    if (want.empty()) want.push_back(kTokenIssuer);
    bool meant = false;
    for (const std::string& a : c->audiences)
      meant = meant || std::find(want.begin(), want.end(), a) != want.end();
    if (!meant) {
      *err = "token audiences " + json(c->audiences).dump() + " are not " + json(want).dump();
      return false;
    }
  } else {
    const json* secret = cluster.find("v1", "Secret", c->ns, c->secret_name);
    if (!secret || (*secret)["metadata"].contains("deletionTimestamp")) {
      *err = "secret \"" + c->secret_name + "\" of the token no longer exists";
      return false;
    }
  }
  const json* sa = cluster.find("v1", "ServiceAccount", c->ns, c->service_account);
  if (!sa || (*sa)["metadata"].contains("deletionTimestamp") ||
      get_string((*sa)["metadata"], "uid") != c->uid) {
    *err = "service account " + c->ns + "/" + c->service_account + " of the token no longer exists";
    return false;
  }
  return true;
}

// Looks only at Secrets written since the last pass (all of them when a ServiceAccount changed
// or the history is too short), so plain writes cost no pass over every Secret.
void TokenSecretController::reconcile(Cluster& c) {
  if (c.store().resource_version() == seen_rv_) return;
  std::vector<const WatchEvent*> secret_events, account_events;
  std::vector<const json*> candidates;
  bool all = seen_rv_ == 0 || !c.store().events_since(seen_rv_, "/secrets", &secret_events) ||
             !c.store().events_since(seen_rv_, "/serviceaccounts", &account_events) ||
             !account_events.empty();
  if (all) {
    candidates = c.store().list("/secrets", "");
  } else {
    for (const WatchEvent* e : secret_events) {
      const json& m = get_object(e->object, "metadata");
      if (e->type == "DELETED") continue;
      if (const json* live =
              c.store().get("/secrets", get_string(m, "namespace"), get_string(m, "name")))
        candidates.push_back(live);
    }
  }
  seen_rv_ = c.store().resource_version();
  std::vector<json> fill;
  for (const json* s : candidates) {
    if (get_string(*s, "type") != "kubernetes.io/service-account-token") continue;
    const json& m = (*s)["metadata"];
    if (m.contains("deletionTimestamp")) continue;
    std::string ns = get_string(m, "namespace"), name = get_string(m, "name");
    std::string sa_name =
        get_string(get_object(m, "annotations"), "kubernetes.io/service-account.name");
    const json* sa = c.find("v1", "ServiceAccount", ns, sa_name);
    if (!sa || !get_string(get_object(*s, "data"), "token").empty()) continue;
    TokenClaims claims;
    claims.ns = ns;
    claims.service_account = sa_name;
    claims.uid = get_string((*sa)["metadata"], "uid");
    claims.secret_name = name;
    json patch = {{"apiVersion", "v1"},
                  {"kind", "Secret"},
                  {"metadata",
                   {{"name", name},
                    {"namespace", ns},
                    {"annotations", {{"kubernetes.io/service-account.uid", claims.uid}}}}},
                  {"data",
                   {{"token", base64_encode(issuer_->issue(claims))},
                    {"ca.crt", base64_encode(ca_pem_)},
                    {"namespace", base64_encode(ns)}}}};
    fill.push_back(std::move(patch));
  }
  for (const json& patch : fill) c.ensure(patch, "kube-controller-manager");
}

int64_t unix_seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::vector<std::string> token_strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_string()) out.push_back(j.get<std::string>());
  if (j.is_array())
    for (const nlohmann::json& x : j)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

}  // namespace fedplan::sandbox
