// KubeClient: requests, the in-flight cap, generic-conflict retries and error sentences.
#include "base/kube/client.h"

#include <algorithm>

#include "base/base64.h"

namespace fedplan::kube {

using nlohmann::json;

bool ApiResult::unreachable() const {
  switch (error) {
    case HttpError::Resolve:
    case HttpError::ConnectRefused:
    case HttpError::Connect:
    case HttpError::Timeout:
      return true;
    default:
      return false;
  }
}

std::string ApiResult::message() const {
  if (error != HttpError::None) return error_message;
  if (body.is_object() && body.contains("message") && body["message"].is_string())
    return body["message"].get<std::string>();
  return "HTTP " + std::to_string(status);
}

std::string ApiResult::reason() const {
  if (body.is_object() && body.contains("reason") && body["reason"].is_string())
    return body["reason"].get<std::string>();
  return "";
}

bool ApiResult::field_manager_conflict() const {
  if (status != 409 || !body.is_object()) return false;
  auto d = body.find("details");
  if (d != body.end() && d->is_object()) {
    auto c = d->find("causes");
    if (c != d->end() && c->is_array())
      for (const json& cause : *c)
        if (cause.is_object() && cause.value("type", "") == "FieldManagerConflict") return true;
  }
  return message().find("Apply failed with") != std::string::npos;
}

KubeClient::KubeClient(ClusterAccess access, std::shared_ptr<HttpTransport> transport, Clock& clock,
                       int max_parallel)
    : access_(std::move(access)),
      transport_(std::move(transport)),
      clock_(clock),
      max_parallel_(std::max(1, max_parallel)) {}

ApiResult KubeClient::get(const std::string& path, const QueryParams& query) {
  ++counters_.gets;
  return send("GET", path, query, "", "", true);
}

ApiResult KubeClient::list(const std::string& path, const QueryParams& query) {
  ++counters_.lists;
  return send("GET", path, query, "", "", true);
}

ApiResult KubeClient::apply(const std::string& path, const json& manifest, bool force,
                            bool dry_run) {
  ++counters_.patches;
  QueryParams q = {{"fieldManager", "fedplan"}};
  if (force) q.push_back({"force", "true"});
  if (dry_run) q.push_back({"dryRun", "All"});
  // JSON is valid YAML, so the apply-patch+yaml content type takes it as it is.
  return send("PATCH", path, q, manifest.dump(), "application/apply-patch+yaml", true);
}

ApiResult KubeClient::remove(const std::string& path, const std::string& propagation_policy) {
  ++counters_.deletes;
  QueryParams q;
  if (!propagation_policy.empty()) q.push_back({"propagationPolicy", propagation_policy});
  return send("DELETE", path, q, "", "", true);
}

ApiResult KubeClient::send(const std::string& method, const std::string& path,
                           const QueryParams& query, const std::string& body,
                           const std::string& content_type, bool idempotent) {
  HttpRequest req;
  req.method = method;
  req.url = append_query(access_.server + path, query);
  req.headers.set("Accept", "application/json");
  if (!content_type.empty()) req.headers.set("Content-Type", content_type);
  set_identity_headers(access_, &req.headers);
  req.body = body;
  req.idempotent = idempotent;
  // A 409 that is not a field-manager conflict ("the object has been modified") is a race
  // with another writer: the same request again is the fix, as kubectl does.
  std::chrono::milliseconds delay{100};
  bool refreshed = false;
  std::string rejected;
  for (int attempt = 1;; ++attempt) {
    std::string token_err, token;
    if (!authorize(rejected, &req.headers, &token, &token_err))
      return credential_failure(method, path, token_err);
    rejected.clear();
    ApiResult r = send_once(req, method, path);
    // A 401 with a token that can change (an exec plugin's, a token file's): get a fresh one
    // and try once more, as client-go does.
    if (r.status == 401 && access_.token_source && !refreshed) {
      refreshed = true;
      rejected = token;
      continue;
    }
    if (r.status != 409 || r.field_manager_conflict() || attempt >= 5 || !idempotent) return r;
    clock_.sleep_for(delay);
    delay *= 2;
  }
}

bool KubeClient::authorize(const std::string& rejected, HttpHeaders* headers, std::string* token,
                           std::string* err) {
  *token = access_.token;
  if (access_.token_source) {
    *token = access_.token_source(rejected, err);
    if (!err->empty()) return false;
  }
  if (!token->empty()) headers->set("Authorization", "Bearer " + *token);
  return true;
}

ApiResult KubeClient::credential_failure(const std::string& method, const std::string& path,
                                         const std::string& err) {
  ApiResult r;
  r.method = method;
  r.path = path;
  r.error = HttpError::InvalidRequest;  // nothing was sent
  r.error_message = "no credentials for " + access_.server + ": " + err;
  return r;
}

void set_identity_headers(const ClusterAccess& access, HttpHeaders* headers) {
  if (!access.basic_auth.empty())
    headers->set("Authorization", "Basic " + base64_encode(access.basic_auth));
  const Impersonation& imp = access.impersonate;
  if (imp.user.empty()) return;
  headers->set("Impersonate-User", imp.user);
  if (!imp.uid.empty()) headers->set("Impersonate-Uid", imp.uid);
  for (const std::string& g : imp.groups) headers->add("Impersonate-Group", g);
  // Extra keys go in the header name, percent-encoded (client-go: legal header name chars).
  for (const auto& [key, values] : imp.extra)
    for (const std::string& v : values) headers->add("Impersonate-Extra-" + url_encode(key), v);
}

ApiResult KubeClient::send_once(const HttpRequest& req, const std::string& method,
                                const std::string& path) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return in_flight_ < max_parallel_; });
    ++in_flight_;
  }
  ++counters_.requests;
  HttpResponse resp = transport_->send(req);
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
  }
  cv_.notify_one();
  ApiResult r;
  r.method = method;
  r.path = path;
  r.status = resp.status;
  r.error = resp.error;
  r.error_message = resp.error_message;
  if (!resp.transport_failed() && !resp.body.empty()) {
    r.body = json::parse(resp.body, nullptr, false);
    if (r.body.is_discarded()) {
      r.body = json();
      if (!r.ok()) r.body = json{{"message", resp.body.substr(0, 500)}};
    }
  }
  return r;
}

std::string resource_path(const std::string& group, const std::string& version,
                          const std::string& resource, const std::string& ns,
                          const std::string& name) {
  std::string p = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (!ns.empty()) p += "/namespaces/" + url_encode(ns);
  p += "/" + resource;
  if (!name.empty()) p += "/" + url_encode(name);
  return p;
}

std::string describe_failure(const ApiResult& r, const std::string& what,
                             const ClusterAccess& access) {
  std::string s = what + ": ";
  if (r.error != HttpError::None) {
    s += r.error_message;
    if (r.unreachable())
      s += " (the cluster at " + access.server + " is not reachable; from " + access.source + ")";
    else if (r.error == HttpError::TlsVerify)
      s += " (check the certificate authority in " + access.source + ")";
    return s;
  }
  s += r.message();
  if (r.status == 401)
    s += " (401 Unauthorized: the cluster rejected the credentials from " + access.source +
         "; check the token or client certificate)";
  else if (r.status == 403)
    s += " (403 Forbidden: the user from " + access.source + " lacks permission)";
  else if (!r.reason().empty())
    s += " (" + std::to_string(r.status) + " " + r.reason() + ")";
  else
    s += " (HTTP " + std::to_string(r.status) + ")";
  return s;
}

}  // namespace fedplan::kube
