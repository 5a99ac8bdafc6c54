// Routing a REST request: authentication, health, the fault-injection admin endpoint,
// discovery and OpenAPI documents, and resource URLs to the verb handlers; and watch polling.
#include "sandbox/api.h"

#include <algorithm>

#include "sandbox/api_request.h"
#include "sandbox/api_response.h"
#include "sandbox/api_verbs.h"
#include "sandbox/meta.h"
#include "sandbox/openapi.h"
#include "sandbox/token_request.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

// Whether type `tt` serves `verb` at path `p`: 404 for a path it does not have, 405 for a
// verb it does not take there.
bool served(const ResourcePath& p, const ResourceType& tt, const std::string& verb, ApiError* e) {
  if (!p.ns.empty() && !tt.namespaced) {
    *e = resource_not_found();
    return false;
  }
  if (!p.subresource.empty()) {
    bool ok = (p.subresource == "status" && tt.has_status) ||
              (p.subresource == "finalize" && tt.kind == "Namespace") ||
              (p.subresource == "scale" && tt.kind == "Deployment" && tt.group == "apps");
    if (!ok) {
      *e = resource_not_found();
      return false;
    }
  }
  bool allowed =
      !verb.empty() && std::find(tt.verbs.begin(), tt.verbs.end(), verb) != tt.verbs.end();
  if (!allowed) {
    *e = method_not_allowed();
    return false;
  }
  if (!p.name.empty() && tt.namespaced && p.ns.empty()) {
    *e = resource_not_found();
    return false;
  }
  bool needs_name = verb == "update" || verb == "patch";
  if ((needs_name && p.name.empty()) ||
      (verb == "create" && (!p.name.empty() || (tt.namespaced && p.ns.empty())))) {
    *e = method_not_allowed();
    return false;
  }
  return true;
}

}  // namespace

json version_info() {
  return {{"major", "1"},
          {"minor", "31"},
          {"gitVersion", "v1.31.0+fedplan-sandbox"},
          {"gitCommit", "0000000000000000000000000000000000000000"},
          {"gitTreeState", "clean"},
          {"buildDate", "2024-08-13T00:00:00Z"},
          {"goVersion", "go1.22.5"},
          {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

Api::Api(Cluster& cluster, std::string token, std::string server_address, FaultConfig faults)
    : cluster_(cluster),
      token_(std::move(token)),
      server_address_(std::move(server_address)),
      faults_(std::move(faults)),
      fault_rng_(cluster.options().seed ? cluster.options().seed + 1 : std::random_device{}()) {}

ApiResponse Api::handle(const ApiRequest& req) {
  ApiResponse r;
  try {
    r = route(req);
  } catch (const std::exception& e) {
    // A bug or an input shape nobody checked: answer, never crash.
    r = error_response(internal_error(e.what()));
  }
  if (req.method == "HEAD") r.body.clear();
  return r;
}

ApiResponse Api::route(const ApiRequest& req) {
  RequestTarget t = parse_target(req.target);
  const auto& s = t.segments;
  bool health = !s.empty() && (s[0] == "healthz" || s[0] == "livez" || s[0] == "readyz");
  bool anonymous_ok = health || (s.size() == 1 && s[0] == "version");
  std::string reader;  // a service account authenticated by its token: reads only
  if (!anonymous_ok && !authorized(req.authorization)) {
    TokenClaims claims;
    std::string why;
    const std::string bearer = "Bearer ";
    if (!issuer_ || !req.authorization.starts_with(bearer) ||
        !authenticate_token(cluster_, *issuer_, req.authorization.substr(bearer.size()), {},
                            &claims, &why))
      return error_response(unauthorized());
    reader = claims.username();
  }
  if (health) {
    ApiResponse r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok";
    return r;
  }
  if (req.body.size() > kMaxBodyBytes) return error_response(entity_too_large(kMaxBodyBytes));
  if (!reader.empty())
    if (std::optional<ApiResponse> refused = reader_refusal(req, s, reader)) return *refused;
  if (s.size() == 3 && s[0] == "sandbox" && s[1] == "v1" && s[2] == "faults")
    return reader.empty() ? fault_admin(req) : *reader_refusal(req, s, reader, true);
  if (issuer_)
    if (std::optional<ApiResponse> r = serve_token_api(cluster_, *issuer_, req, s)) return *r;
  std::optional<ApiResponse> doc = discovery(s);
  ApiResponse r = doc ? std::move(*doc) : resource(req, t);
  r.delay = faults_.latency;
  return r;
}

// Compares the bearer token in constant time.
bool Api::authorized(const std::string& authorization) const {
  const std::string prefix = "Bearer ";
  std::string given = authorization.starts_with(prefix) ? authorization.substr(prefix.size()) : "";
  bool same = given.size() == token_.size();
  unsigned char diff = 0;
  for (size_t i = 0; same && i < given.size(); ++i) diff |= given[i] ^ token_[i];
  return same && diff == 0 && !token_.empty();
}

// The admin endpoint for the test knobs: read, replace or clear the fault configuration.
ApiResponse Api::fault_admin(const ApiRequest& req) {
  if (req.method == "GET") return json_response(200, faults_to_json(faults_));
  if (req.method == "DELETE") {
    faults_ = FaultConfig{};
    return json_response(200, faults_to_json(faults_));
  }
  if (req.method == "PUT" || req.method == "POST") {
    json j = json::parse(req.body, nullptr, false);
    FaultConfig c;
    std::string err;
    if (j.is_discarded()) return error_response(bad_request("fault configuration is not JSON"));
    if (!faults_from_json(j, &c, &err)) return error_response(bad_request(err));
    faults_ = c;
    return json_response(200, faults_to_json(faults_));
  }
  return error_response(method_not_allowed());
}

// The version, root paths, OpenAPI and API discovery documents; nothing for other paths.
std::optional<ApiResponse> Api::discovery(const std::vector<std::string>& s) {
  const Registry& registry = cluster_.registry();
  if (s.size() == 1 && s[0] == "version") return json_response(200, version_info());
  if (s.empty()) {
    json paths = {"/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"};
    for (const json& g : registry.group_list()["groups"])
      for (const json& v : g["versions"])
        paths.push_back("/apis/" + v["groupVersion"].get<std::string>());
    return json_response(200, {{"paths", paths}});
  }
  if (s[0] == "openapi") {
    json doc;
    if (s.size() == 2 && s[1] == "v3")
      doc = openapi_v3_root(registry);
    else if (s.size() == 4 && s[1] == "v3" && s[2] == "api")
      doc = openapi_v3_group_version(registry, "", s[3]);
    else if (s.size() == 5 && s[1] == "v3" && s[2] == "apis")
      doc = openapi_v3_group_version(registry, s[3], s[4]);
    if (doc.is_null()) return error_response(resource_not_found());
    return json_response(200, doc);
  }
  if (s.size() == 1 && s[0] == "api")
    return json_response(200, registry.core_versions(server_address_));
  if (s.size() == 1 && s[0] == "apis") return json_response(200, registry.group_list());
  if (s.size() == 2 && s[0] == "apis") {
    json g = registry.group(s[1]);
    return g.is_null() ? error_response(resource_not_found()) : json_response(200, g);
  }
  if ((s.size() == 2 && s[0] == "api") || (s.size() == 3 && s[0] == "apis")) {
    json l = s[0] == "api" ? registry.resource_list("", s[1]) : registry.resource_list(s[1], s[2]);
    return l.is_null() ? error_response(resource_not_found()) : json_response(200, l);
  }
  return std::nullopt;
}

// A resource URL: finds the type, refuses what it does not serve, injects faults, and hands
// the request to its verb.
ApiResponse Api::resource(const ApiRequest& req, const RequestTarget& t) {
  ResourcePath p = parse_resource_path(t.segments);
  if (!p.valid) return error_response(resource_not_found());
  const ResourceType* type = cluster_.registry().find(p.group, p.version, p.resource);
  if (!type) return error_response(resource_not_found());
  const ResourceType tt = *type;  // the registry may change during the request (CRDs)
  std::string verb = verb_for(req.method, p, t);
  ApiError refused;
  if (!served(p, tt, verb, &refused)) return error_response(refused);

  FaultDecision fault = decide_fault(faults_, verb, fault_rng_);
  if (fault.action == FaultDecision::Action::Drop) {
    ApiResponse d;
    d.drop = true;
    return d;
  }
  if (fault.action == FaultDecision::Action::Error) return error_response(fault.error);
  if (only_unsupported_media(req.accept)) return error_response(not_acceptable());

  ResourceCall call{req, t, p, tt, verb};
  call.how = render_for(req.accept);
  call.now = cluster_.clock().now();
  ApiError e;
  if (!parse_dry_run(t, &call.wopts.dry_run, &e)) return error_response(e);
  if (!parse_field_validation(t, verb, &call.wopts.field_validation, &e)) return error_response(e);
  call.wopts.subresource = p.subresource == "finalize" ? "" : p.subresource;
  return serve_verb(cluster_, call);
}

std::vector<std::string> Api::poll_watch(WatchState& w) {
  return fedplan::sandbox::poll_watch(cluster_, w, cluster_.clock().now());
}

}  // namespace fedplan::sandbox
