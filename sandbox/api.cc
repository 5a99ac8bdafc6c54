// The REST layer: paths to resources, verbs, query options and media types, mapped onto
// Cluster operations; errors always leave as Status objects.
#include "sandbox/api.h"
#include "sandbox/meta.h"

#include <algorithm>

#include "base/yaml_json.h"
#include "sandbox/openapi.h"
#include "sandbox/scale.h"
#include "sandbox/table.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

std::string percent_decode(const std::string& s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// The request target split into path segments and query parameters.
struct Target {
  std::string path;
  std::vector<std::string> segments;
  std::vector<std::pair<std::string, std::string>> query;

  std::string param(const std::string& k) const {
    for (const auto& [key, v] : query)
      if (key == k) return v;
    return "";
  }
  bool has(const std::string& k) const {
    for (const auto& [key, v] : query)
      if (key == k) return true;
    return false;
  }
};

Target parse_target(const std::string& target) {
  Target t;
  size_t q = target.find('?');
  t.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string qs = target.substr(q + 1);
    size_t start = 0;
    while (start <= qs.size()) {
      size_t amp = qs.find('&', start);
      std::string kv = qs.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (!kv.empty()) {
        size_t eq = kv.find('=');
        t.query.push_back({percent_decode(kv.substr(0, eq), true),
                           eq == std::string::npos ? "" : percent_decode(kv.substr(eq + 1), true)});
      }
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
  }
  size_t start = 0;
  while (start < t.path.size()) {
    size_t slash = t.path.find('/', start);
    std::string seg =
        t.path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!seg.empty()) t.segments.push_back(percent_decode(seg, false));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return t;
}

ApiResponse json_response(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse error_response(const ApiError& e) {
  ApiResponse r = json_response(e.code, status_json(e));
  if (e.retry_after > 0) r.headers.push_back({"Retry-After", std::to_string(e.retry_after)});
  return r;
}

bool starts_with(const std::string& s, const std::string& p) {
  return s.rfind(p, 0) == 0;
}

std::string media_type(const std::string& content_type) {
  std::string m = content_type.substr(0, content_type.find(';'));
  m.erase(std::remove(m.begin(), m.end(), ' '), m.end());
  std::transform(m.begin(), m.end(), m.begin(), ::tolower);
  return m;
}

// The field manager for non-apply writes: the parameter, else the User-Agent's product name.
std::string manager_from(const Target& t, const std::string& user_agent) {
  std::string m = t.param("fieldManager");
  if (!m.empty()) return m;
  std::string ua = user_agent.substr(0, user_agent.find('/'));
  return ua.empty() ? "unknown" : ua;
}

// A resource URL: /api/v1/... or /apis/G/V/..., optionally namespaced, with name and subresource.
struct ResourcePath {
  std::string group, version, ns, resource, name, subresource;
  bool valid = false;
};

ResourcePath parse_resource_path(const std::vector<std::string>& s) {
  ResourcePath p;
  size_t i;
  if (s.size() >= 2 && s[0] == "api") {
    p.version = s[1];
    i = 2;
  } else if (s.size() >= 3 && s[0] == "apis") {
    p.group = s[1];
    p.version = s[2];
    i = 3;
  } else {
    return p;
  }
  std::vector<std::string> rest(s.begin() + static_cast<long>(i), s.end());
  if (rest.empty()) return p;
  if (rest[0] == "namespaces" && rest.size() >= 3 && rest[2] != "status" && rest[2] != "finalize") {
    p.ns = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  if (rest.empty() || rest.size() > 3) return p;
  p.resource = rest[0];
  if (rest.size() >= 2) p.name = rest[1];
  if (rest.size() == 3) p.subresource = rest[2];
  p.valid = true;
  return p;
}

std::string verb_for(const std::string& method, const ResourcePath& p, const Target& t) {
  bool collection = p.name.empty();
  if (method == "GET" || method == "HEAD") {
    if (t.param("watch") == "true" || t.param("watch") == "1") return "watch";
    return collection ? "list" : "get";
  }
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return collection ? "deletecollection" : "delete";
  return "";
}

bool parse_list_options(const Target& t, ListOptions* opts, ApiError* e) {
  std::string err;
  if (!parse_label_selector(t.param("labelSelector"), &opts->labels, &err)) {
    *e = bad_request(err);
    return false;
  }
  if (!parse_field_selector(t.param("fieldSelector"), &opts->fields, &err)) {
    *e = bad_request(err);
    return false;
  }
  std::string limit = t.param("limit");
  if (!limit.empty()) {
    char* end = nullptr;
    long long n = std::strtoll(limit.c_str(), &end, 10);
    if (*end != '\0' || n < 0) {
      *e = bad_request("limit: Invalid value: \"" + limit + "\"");
      return false;
    }
    opts->limit = static_cast<size_t>(n);
  }
  opts->continue_token = t.param("continue");
  return true;
}

bool parse_dry_run(const Target& t, bool* dry, ApiError* e) {
  *dry = false;
  for (const auto& [k, v] : t.query) {
    if (k != "dryRun") continue;
    if (v == "All") {
      *dry = true;
    } else if (!v.empty()) {
      *e = bad_request("Invalid dryRun value: \"" + v + "\": supported values: \"All\"");
      return false;
    }
  }
  return true;
}

// The kind of document the client accepts (first match wins).
enum class Render { Json, Yaml, Table, PartialMetadata };

Render render_for(const std::string& accept) {
  std::string a = accept;
  std::transform(a.begin(), a.end(), a.begin(), ::tolower);
  size_t start = 0;
  while (start <= a.size()) {
    size_t comma = a.find(',', start);
    std::string part =
        a.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (part.find("as=table") != std::string::npos) return Render::Table;
    if (part.find("as=partialobjectmetadata") != std::string::npos) return Render::PartialMetadata;
    std::string m = media_type(part);
    if (m == "application/json" || m == "*/*" || m.empty()) return Render::Json;
    if (m == "application/yaml") return Render::Yaml;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return Render::Json;
}

bool only_unsupported_media(const std::string& accept) {
  if (accept.empty()) return false;
  std::string a = accept;
  std::transform(a.begin(), a.end(), a.begin(), ::tolower);
  return a.find("json") == std::string::npos && a.find("yaml") == std::string::npos &&
         a.find("*/*") == std::string::npos;
}

ApiResponse outcome_response(const Outcome& o) {
  return o.ok() ? json_response(o.code, o.body) : error_response(o.error);
}

ApiResponse rendered(const Outcome& o, const ResourceType& t, Render how, const Target& target,
                     std::chrono::system_clock::time_point now) {
  if (!o.ok()) return error_response(o.error);
  bool is_object = get_string(o.body, "kind") == t.kind || o.body.contains("items");
  bool is_list = o.body.contains("items");
  if (how == Render::Table && is_object) {
    std::string include = target.param("includeObject");
    return json_response(o.code, to_table(t, o.body, now, include.empty() ? "Metadata" : include));
  }
  if (how == Render::PartialMetadata && is_object)
    return json_response(o.code, to_partial_metadata(o.body, is_list));
  if (how == Render::Yaml) {
    ApiResponse r;
    r.status = o.code;
    r.content_type = "application/yaml";
    r.body = to_yaml(o.body);
    return r;
  }
  return json_response(o.code, o.body);
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
  std::string verb;
  ApiResponse r;
  try {
    r = route(req, &verb);
  } catch (const std::exception& e) {
    // A bug or an input shape nobody checked: answer, never crash.
    r = error_response(internal_error(e.what()));
  }
  if (req.method == "HEAD") r.body.clear();
  return r;
}

ApiResponse Api::route(const ApiRequest& req, std::string* verb) {
  Target t = parse_target(req.target);
  const auto& s = t.segments;
  bool health = !s.empty() && (s[0] == "healthz" || s[0] == "livez" || s[0] == "readyz");
  bool anonymous_ok = health || (s.size() == 1 && s[0] == "version");
  if (!anonymous_ok) {
    const std::string prefix = "Bearer ";
    std::string given =
        starts_with(req.authorization, prefix) ? req.authorization.substr(prefix.size()) : "";
    bool same = given.size() == token_.size();
    unsigned char diff = 0;
    for (size_t i = 0; same && i < given.size(); ++i) diff |= given[i] ^ token_[i];
    if (!same || diff != 0 || token_.empty()) return error_response(unauthorized());
  }
  if (health) {
    ApiResponse r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok";
    return r;
  }
  if (req.body.size() > kMaxBodyBytes) return error_response(entity_too_large(kMaxBodyBytes));

  // The admin endpoint for the test knobs.
  if (s.size() == 3 && s[0] == "sandbox" && s[1] == "v1" && s[2] == "faults") {
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

  ApiResponse r;
  r.delay = faults_.latency;
  auto finish = [&](ApiResponse x) {
    x.delay = faults_.latency;
    return x;
  };

  if (s.size() == 1 && s[0] == "version") return finish(json_response(200, version_info()));
  if (s.empty()) {
    json paths = {"/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"};
    for (const json& g : cluster_.registry().group_list()["groups"])
      for (const json& v : g["versions"])
        paths.push_back("/apis/" + v["groupVersion"].get<std::string>());
    return finish(json_response(200, {{"paths", paths}}));
  }
  if (s[0] == "openapi") {
    json doc;
    if (s.size() == 2 && s[1] == "v3")
      doc = openapi_v3_root(cluster_.registry());
    else if (s.size() == 4 && s[1] == "v3" && s[2] == "api")
      doc = openapi_v3_group_version(cluster_.registry(), "", s[3]);
    else if (s.size() == 5 && s[1] == "v3" && s[2] == "apis")
      doc = openapi_v3_group_version(cluster_.registry(), s[3], s[4]);
    if (doc.is_null()) return finish(error_response(resource_not_found()));
    return finish(json_response(200, doc));
  }
  if (s.size() == 1 && s[0] == "api")
    return finish(json_response(200, cluster_.registry().core_versions(server_address_)));
  if (s.size() == 1 && s[0] == "apis")
    return finish(json_response(200, cluster_.registry().group_list()));
  if (s.size() == 2 && s[0] == "apis") {
    json g = cluster_.registry().group(s[1]);
    return finish(g.is_null() ? error_response(resource_not_found()) : json_response(200, g));
  }
  if ((s.size() == 2 && s[0] == "api") || (s.size() == 3 && s[0] == "apis")) {
    json l = s[0] == "api" ? cluster_.registry().resource_list("", s[1])
                           : cluster_.registry().resource_list(s[1], s[2]);
    return finish(l.is_null() ? error_response(resource_not_found()) : json_response(200, l));
  }

  ResourcePath p = parse_resource_path(s);
  if (!p.valid) return finish(error_response(resource_not_found()));
  const ResourceType* type = cluster_.registry().find(p.group, p.version, p.resource);
  if (!type) return finish(error_response(resource_not_found()));
  const ResourceType tt = *type;  // the registry may change during the request (CRDs)
  if (!p.ns.empty() && !tt.namespaced) return finish(error_response(resource_not_found()));
  if (!p.subresource.empty()) {
    bool ok = (p.subresource == "status" && tt.has_status) ||
              (p.subresource == "finalize" && tt.kind == "Namespace") ||
              (p.subresource == "scale" && tt.kind == "Deployment" && tt.group == "apps");
    if (!ok) return finish(error_response(resource_not_found()));
  }
  *verb = verb_for(req.method, p, t);
  if (verb->empty()) return finish(error_response(method_not_allowed()));
  bool namespaced_collection = tt.namespaced && p.name.empty();
  if (std::find(tt.verbs.begin(), tt.verbs.end(), *verb) == tt.verbs.end())
    return finish(error_response(method_not_allowed()));
  if (!p.name.empty() && tt.namespaced && p.ns.empty())
    return finish(error_response(resource_not_found()));
  if ((*verb == "update" || *verb == "patch") && p.name.empty())
    return finish(error_response(method_not_allowed()));
  if (*verb == "create" && (!p.name.empty() || (tt.namespaced && p.ns.empty())))
    return finish(error_response(method_not_allowed()));
  (void)namespaced_collection;

  FaultDecision fault = decide_fault(faults_, *verb, fault_rng_);
  if (fault.action == FaultDecision::Action::Drop) {
    ApiResponse d;
    d.drop = true;
    return finish(d);
  }
  if (fault.action == FaultDecision::Action::Error) return finish(error_response(fault.error));
  if (only_unsupported_media(req.accept)) return finish(error_response(not_acceptable()));

  Render how = render_for(req.accept);
  auto now = cluster_.clock().now();
  WriteOptions wopts;
  ApiError e;
  if (!parse_dry_run(t, &wopts.dry_run, &e)) return finish(error_response(e));
  wopts.subresource = p.subresource == "finalize" ? "" : p.subresource;
  std::string ct = media_type(req.content_type);

  auto decode_body = [&](json* out) -> bool {
    if (ct == "application/yaml") {
      YamlResult y = parse_yaml(req.body);
      if (!y.ok() || y.docs.size() != 1) {
        e = bad_request("error converting YAML to JSON: yaml: line " + std::to_string(y.line) +
                        ": " + (y.ok() ? "expected one document" : y.error));
        return false;
      }
      *out = y.docs[0];
      return true;
    }
    if (!ct.empty() && ct != "application/json") {
      e = unsupported_media_type(req.content_type);
      e.message =
          "the body of the request was in an unknown format - accepted media types "
          "include: application/json, application/yaml";
      return false;
    }
    *out = json::parse(req.body, nullptr, false);
    if (out->is_discarded()) {
      e = bad_request(
          "couldn't get version/kind; json parse error: the request body is not valid JSON");
      return false;
    }
    return true;
  };

  if (p.subresource == "scale") {
    wopts.subresource = "scale";
    wopts.field_manager = manager_from(t, req.user_agent);
    if (*verb == "get") return finish(outcome_response(get_scale(cluster_, tt, p.ns, p.name)));
    if (*verb == "update") {
      json body;
      if (!decode_body(&body)) return finish(error_response(e));
      return finish(outcome_response(put_scale(cluster_, tt, p.ns, p.name, body, wopts)));
    }
    if (*verb == "patch") {
      PatchKind kind = ct == "application/json-patch+json" ? PatchKind::Json : PatchKind::Merge;
      if (ct != "application/merge-patch+json" && ct != "application/json-patch+json" &&
          ct != "application/strategic-merge-patch+json")
        return finish(error_response(unsupported_media_type(req.content_type)));
      return finish(
          outcome_response(patch_scale(cluster_, tt, p.ns, p.name, kind, req.body, wopts)));
    }
    return finish(error_response(method_not_allowed()));
  }
  if (*verb == "get") return finish(rendered(cluster_.get(tt, p.ns, p.name), tt, how, t, now));
  if (*verb == "list" || *verb == "watch") {
    ListOptions lopts;
    if (!parse_list_options(t, &lopts, &e)) return finish(error_response(e));
    if (*verb == "list") return finish(rendered(cluster_.list(tt, p.ns, lopts), tt, how, t, now));
    WatchState w;
    w.storage_key = tt.storage_key();
    w.api_version = tt.api_version();
    w.kind = tt.kind;
    w.builtin = tt.crd.empty();
    w.ns = p.ns;
    w.labels = lopts.labels;
    w.fields = lopts.fields;
    std::string ts = t.param("timeoutSeconds");
    if (!ts.empty())
      w.timeout = std::chrono::seconds(std::max(1L, std::strtol(ts.c_str(), nullptr, 10)));
    std::string rv = t.param("resourceVersion");
    if (rv.empty() || rv == "0") {
      Outcome listed = cluster_.list(tt, p.ns, lopts);
      if (!listed.ok()) return finish(error_response(listed.error));
      for (json item : listed.body["items"]) {
        item["apiVersion"] = tt.api_version();
        item["kind"] = tt.kind;
        w.initial.push_back(json{{"type", "ADDED"}, {"object", item}}.dump() + "\n");
      }
      w.resource_version = cluster_.store().resource_version();
    } else {
      w.resource_version = std::strtoull(rv.c_str(), nullptr, 10);
      std::vector<const WatchEvent*> probe;
      if (!cluster_.store().events_since(w.resource_version, w.storage_key, &probe)) w.gone = true;
    }
    ApiResponse wr;
    wr.content_type = "application/json";
    wr.watch = std::move(w);
    return finish(wr);
  }
  if (*verb == "create") {
    json body;
    if (!decode_body(&body)) return finish(error_response(e));
    wopts.field_manager = manager_from(t, req.user_agent);
    return finish(rendered(cluster_.create(tt, p.ns, std::move(body), wopts), tt, how, t, now));
  }
  if (*verb == "update") {
    json body;
    if (!decode_body(&body)) return finish(error_response(e));
    wopts.field_manager = manager_from(t, req.user_agent);
    if (p.subresource == "finalize" && body.is_object()) {
      // Only spec.finalizers changes through /finalize.
      Outcome live = cluster_.get(tt, "", p.name);
      if (!live.ok()) return finish(error_response(live.error));
      json next = live.body;
      next["spec"]["finalizers"] = body.contains("/spec/finalizers"_json_pointer)
                                       ? body["spec"]["finalizers"]
                                       : json::array();
      body = next;
    }
    return finish(
        rendered(cluster_.replace(tt, p.ns, p.name, std::move(body), wopts), tt, how, t, now));
  }
  if (*verb == "patch") {
    PatchKind kind;
    if (ct == "application/merge-patch+json")
      kind = PatchKind::Merge;
    else if (ct == "application/strategic-merge-patch+json")
      kind = PatchKind::Strategic;
    else if (ct == "application/json-patch+json")
      kind = PatchKind::Json;
    else if (ct == "application/apply-patch+yaml")
      kind = PatchKind::Apply;
    else
      return finish(error_response(unsupported_media_type(req.content_type)));
    std::string force = t.param("force");
    if (!force.empty() && force != "true" && force != "false")
      return finish(error_response(bad_request("force: Invalid value: \"" + force + "\"")));
    wopts.force = force == "true";
    if (wopts.force && kind != PatchKind::Apply) {
      ApiError fe;
      fe.code = 422;
      fe.reason = "Invalid";
      fe.message =
          "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be "
          "specified for non-apply patch";
      return finish(error_response(fe));
    }
    wopts.field_manager =
        kind == PatchKind::Apply ? t.param("fieldManager") : manager_from(t, req.user_agent);
    if (wopts.field_manager.size() > 128) {
      ApiError fe;
      fe.code = 422;
      fe.reason = "Invalid";
      fe.message =
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not "
          "be longer than 128";
      return finish(error_response(fe));
    }
    return finish(
        rendered(cluster_.patch(tt, p.ns, p.name, kind, req.body, wopts), tt, how, t, now));
  }
  if (*verb == "delete" || *verb == "deletecollection") {
    DeleteOptions dopts;
    dopts.dry_run = wopts.dry_run;
    dopts.propagation = t.param("propagationPolicy");
    if (t.param("orphanDependents") == "true") dopts.propagation = "Orphan";
    if (!req.body.empty()) {
      json body = json::parse(req.body, nullptr, false);
      if (body.is_discarded() || !body.is_object())
        return finish(error_response(
            bad_request("the body of the delete request is not valid DeleteOptions")));
      if (body.contains("propagationPolicy") && body["propagationPolicy"].is_string())
        dopts.propagation = body["propagationPolicy"];
      if (get_bool(body, "orphanDependents", false)) dopts.propagation = "Orphan";
      if (body.contains("/preconditions/uid"_json_pointer) &&
          body["preconditions"]["uid"].is_string())
        dopts.precondition_uid = body["preconditions"]["uid"];
      if (body.contains("/preconditions/resourceVersion"_json_pointer) &&
          body["preconditions"]["resourceVersion"].is_string())
        dopts.precondition_resource_version = body["preconditions"]["resourceVersion"];
      if (body.contains("dryRun") && body["dryRun"].is_array())
        for (const json& d : body["dryRun"])
          if (d == "All") dopts.dry_run = true;
    }
    if (!dopts.propagation.empty() && dopts.propagation != "Orphan" &&
        dopts.propagation != "Background" && dopts.propagation != "Foreground")
      return finish(error_response(bad_request(
          "propagationPolicy: Unsupported value: \"" + dopts.propagation +
          "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")));
    if (*verb == "delete")
      return finish(rendered(cluster_.remove(tt, p.ns, p.name, dopts), tt, how, t, now));
    ListOptions lopts;
    if (!parse_list_options(t, &lopts, &e)) return finish(error_response(e));
    return finish(rendered(cluster_.remove_collection(tt, p.ns, lopts, dopts), tt, how, t, now));
  }
  return finish(error_response(method_not_allowed()));
}

std::vector<std::string> Api::poll_watch(WatchState& w) {
  std::vector<std::string> lines;
  if (w.gone) {
    ApiError e = gone("too old resource version: " + std::to_string(w.resource_version) + " (" +
                      std::to_string(cluster_.store().oldest_event_rv()) + ")");
    lines.push_back(json{{"type", "ERROR"}, {"object", status_json(e)}}.dump() + "\n");
    return lines;
  }
  std::vector<const WatchEvent*> events;
  if (!cluster_.store().events_since(w.resource_version, w.storage_key, &events)) {
    w.gone = true;
    return poll_watch(w);
  }
  for (const WatchEvent* ev : events) {
    w.resource_version = ev->resource_version;
    const json& m = ev->object["metadata"];
    if (!w.ns.empty() && get_string(m, "namespace") != w.ns) continue;
    if (!w.labels.matches(get_object(m, "labels"))) continue;
    if (!w.fields.matches(ev->object)) continue;
    json obj = ev->object;
    obj["apiVersion"] = w.api_version;
    obj["kind"] = w.kind;
    lines.push_back(json{{"type", ev->type}, {"object", obj}}.dump() + "\n");
  }
  if (w.resource_version < cluster_.store().resource_version())
    w.resource_version = cluster_.store().resource_version();
  return lines;
}

}  // namespace fedplan::sandbox
