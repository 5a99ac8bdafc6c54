// The REST side of service-account tokens: the TokenRequest subresource, TokenReview, the
// OIDC discovery documents with the public key, and what a token-authenticated reader is
// refused (RBAC's 403 wording).
#include "sandbox/api_request.h"
#include "sandbox/api_response.h"
#include "sandbox/meta.h"
#include "sandbox/token_request.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

constexpr int64_t kMinExpiration = 600;
constexpr int64_t kMaxExpiration = int64_t{1} << 32;
constexpr int64_t kDefaultExpiration = 3600;

ResourceType token_request_type() {
  ResourceType t;
  t.group = "authentication.k8s.io";
  t.version = "v1";
  t.kind = "TokenRequest";
  t.plural = "serviceaccounts/token";
  return t;
}

ApiResponse token_request(Cluster& c, const TokenIssuer& issuer, const ApiRequest& req,
                          const std::string& ns, const std::string& name) {
  json body = json::object();
  ApiError e;
  if (!req.body.empty() && !decode_body(req, &body, &e)) return error_response(e);
  if (!body.is_object()) return error_response(bad_request("the body is not a TokenRequest"));
  if (body.contains("kind") && get_string(body, "kind") != "TokenRequest")
    return error_response(bad_request("the body of the request is a " + get_string(body, "kind") +
                                      ", not a TokenRequest"));
  const json* sa = c.find("v1", "ServiceAccount", ns, name);
  const ResourceType* sa_type = c.registry().find("", "v1", "serviceaccounts");
  if (!sa_type) return error_response(internal_error("ServiceAccount is not served"));
  if (!sa) return error_response(not_found(*sa_type, name));
  const json& spec = get_object(body, "spec");
  int64_t expiration = get_int(spec, "expirationSeconds", kDefaultExpiration);
  std::string too;
  if (expiration < kMinExpiration) too = "may not specify a duration less than 10 minutes";
  if (expiration > kMaxExpiration) too = "may not specify a duration larger than 2^32 seconds";
  if (!too.empty())
    return error_response(invalid(token_request_type(), name, "spec.expirationSeconds",
                                  "Invalid value: " + std::to_string(expiration) + ": " + too,
                                  "FieldValueInvalid"));
  TokenClaims claims;
  claims.ns = ns;
  claims.service_account = name;
  claims.uid = get_string((*sa)["metadata"], "uid");
  claims.audiences = token_strings(spec.value("audiences", json::array()));
  if (claims.audiences.empty()) claims.audiences = {kTokenIssuer};
  Clock::time_point now = c.clock().now();
  claims.issued_at = unix_seconds(now);
  claims.expires_at = claims.issued_at + expiration;
  json out_spec = spec;
  out_spec["audiences"] = claims.audiences;
  out_spec["expirationSeconds"] = expiration;
  if (!out_spec.contains("boundObjectRef")) out_spec["boundObjectRef"] = nullptr;
  json out = {
      {"kind", "TokenRequest"},
      {"apiVersion", "authentication.k8s.io/v1"},
      {"metadata", {{"name", name}, {"namespace", ns}, {"creationTimestamp", rfc3339(now)}}},
      {"spec", out_spec},
      {"status",
       {{"token", issuer.issue(claims)},
        {"expirationTimestamp", rfc3339(now + std::chrono::seconds(expiration))}}}};
  return json_response(201, out);
}

ApiResponse token_review(Cluster& c, const TokenIssuer& issuer, const ApiRequest& req) {
  json body;
  ApiError e;
  if (!decode_body(req, &body, &e)) return error_response(e);
  const json& spec = get_object(body, "spec");
  std::vector<std::string> audiences = token_strings(spec.value("audiences", json::array()));
  TokenClaims claims;
  std::string err;
  json status;
  if (authenticate_token(c, issuer, get_string(spec, "token"), audiences, &claims, &err)) {
    status = {{"authenticated", true},
              {"user",
               {{"username", claims.username()},
                {"uid", claims.uid},
                {"groups",
                 {"system:serviceaccounts", "system:serviceaccounts:" + claims.ns,
                  "system:authenticated"}}}},
              {"audiences", audiences.empty() ? claims.audiences : audiences}};
  } else {
    status = {{"user", json::object()}, {"error", "[invalid bearer token, " + err + "]"}};
  }
  json out = {{"kind", "TokenReview"},
              {"apiVersion", "authentication.k8s.io/v1"},
              {"metadata", {{"creationTimestamp", nullptr}}},
              {"spec", spec},
              {"status", status}};
  return json_response(201, out);
}

}  // namespace

std::optional<ApiResponse> serve_token_api(Cluster& c, const TokenIssuer& issuer,
                                           const ApiRequest& req,
                                           const std::vector<std::string>& s) {
  bool token = s.size() == 7 && s[0] == "api" && s[1] == "v1" && s[2] == "namespaces" &&
               s[4] == "serviceaccounts" && s[6] == "token";
  bool review = s.size() == 4 && s[0] == "apis" && s[1] == "authentication.k8s.io" &&
                s[2] == "v1" && s[3] == "tokenreviews";
  bool jwks = s.size() == 3 && s[0] == "openid" && s[1] == "v1" && s[2] == "jwks";
  bool oidc = s.size() == 2 && s[0] == ".well-known" && s[1] == "openid-configuration";
  if (!token && !review && !jwks && !oidc) return std::nullopt;
  if ((token || review) && req.method != "POST") return error_response(method_not_allowed());
  if ((jwks || oidc) && req.method != "GET" && req.method != "HEAD")
    return error_response(method_not_allowed());
  if (token) return token_request(c, issuer, req, s[3], s[5]);
  if (review) return token_review(c, issuer, req);
  if (jwks) {
    ApiResponse r = json_response(200, issuer.jwks());
    r.content_type = "application/jwk-set+json";
    return r;
  }
  return json_response(200, {{"issuer", kTokenIssuer},
                             {"jwks_uri", std::string(kTokenIssuer) + "/openid/v1/jwks"},
                             {"response_types_supported", {"id_token"}},
                             {"subject_types_supported", {"public"}},
                             {"id_token_signing_alg_values_supported", {"EdDSA"}}});
}

std::optional<ApiResponse> reader_refusal(const ApiRequest& req, const std::vector<std::string>& s,
                                          const std::string& username, bool admin_only) {
  if (!admin_only && (req.method == "GET" || req.method == "HEAD")) return std::nullopt;
  RequestTarget t = parse_target(req.target);
  ResourcePath p = parse_resource_path(s);
  std::string verb = p.valid ? verb_for(req.method, p, t) : "";
  ApiError e;
  e.code = 403;
  e.reason = "Forbidden";
  if (verb.empty()) {
    std::string method = req.method;
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    e.message =
        "forbidden: User \"" + username + "\" cannot " + method + " path \"" + t.path + "\"";
    return error_response(e);
  }
  std::string resource = p.resource + (p.subresource.empty() ? "" : "/" + p.subresource);
  std::string where = p.ns.empty() ? "at the cluster scope" : "in the namespace \"" + p.ns + "\"";
  e.message = p.resource + (p.name.empty() ? "" : " \"" + p.name + "\"") +
              " is forbidden: User \"" + username + "\" cannot " + verb + " resource \"" +
              resource + "\" in API group \"" + p.group + "\" " + where;
  e.details = {{"kind", p.resource}};
  if (!p.name.empty()) e.details["name"] = p.name;
  if (!p.group.empty()) e.details["group"] = p.group;
  return error_response(e);
}

}  // namespace fedplan::sandbox
