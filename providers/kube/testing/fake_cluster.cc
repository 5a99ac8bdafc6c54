// FakeCluster: routing and a naive merge standing in for server-side apply.
#include "providers/kube/testing/fake_cluster.h"

#include <doctest/doctest.h>

#include "base/base64.h"
#include "base/http/url.h"
#include "providers/kube/kube_provider.h"

namespace fedplan::kube::testing {

using nlohmann::json;

namespace {

json merge(json base, const json& patch) {
  if (!base.is_object() || !patch.is_object()) return patch;
  for (const auto& [k, v] : patch.items()) base[k] = merge(base.contains(k) ? base[k] : json(), v);
  return base;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(*url_decode(path.substr(i, j - i), false));
    i = j + 1;
  }
  return out;
}

std::string key_of(const std::string& av, const std::string& kind, const std::string& ns,
                   const std::string& name) {
  return av + "/" + kind + "/" + ns + "/" + name;
}

}  // namespace

HttpResponse json_reply(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = body.dump();
  return r;
}

HttpResponse status_reply(int code, const std::string& reason, const std::string& message,
                          json details) {
  json s = {{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
            {"reason", reason}, {"message", message}, {"code", code}};
  if (!details.is_null()) s["details"] = details;
  return json_reply(code, s);
}

FakeCluster::FakeCluster() {
  resources_ = {
      {"v1", "ConfigMap", "configmaps", true},
      {"v1", "Secret", "secrets", true},
      {"v1", "Service", "services", true},
      {"v1", "Namespace", "namespaces", false},
      {"apps/v1", "Deployment", "deployments", true},
      {"apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false},
  };
}

void FakeCluster::serve(FakeResource r) {
  std::lock_guard<std::mutex> lock(mu_);
  resources_.push_back(std::move(r));
}

const FakeResource* FakeCluster::find_plural(const std::string& av, const std::string& plural) {
  for (const FakeResource& r : resources_)
    if (r.api_version == av && r.plural == plural) return &r;
  return nullptr;
}

const FakeResource* FakeCluster::find_kind(const std::string& av, const std::string& kind) {
  for (const FakeResource& r : resources_)
    if (r.api_version == av && r.kind == kind) return &r;
  return nullptr;
}

json FakeCluster::put(json o) {
  std::lock_guard<std::mutex> lock(mu_);
  o["metadata"]["uid"] = "uid-" + std::to_string(next_uid_++);
  o["metadata"]["resourceVersion"] = std::to_string(++rv_);
  std::string ns = o["metadata"].value("namespace", "");
  objects_[key_of(o["apiVersion"], o["kind"], ns, o["metadata"]["name"])] = o;
  return o;
}

json FakeCluster::object(const std::string& av, const std::string& kind, const std::string& ns,
                         const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(key_of(av, kind, ns, name));
  return it == objects_.end() ? json() : it->second;
}

std::vector<std::string> FakeCluster::log() {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

int FakeCluster::count(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const std::string& l : log_) n += l.rfind(prefix, 0) == 0;
  return n;
}

void FakeCluster::clear_log() {
  std::lock_guard<std::mutex> lock(mu_);
  log_.clear();
}

HttpResponse FakeCluster::send(const HttpRequest& req) {
  std::optional<Url> url = parse_url(req.url);
  REQUIRE(url);
  std::string target = url->target;
  size_t q = target.find('?');
  std::string path = target.substr(0, q);
  QueryParams query = q == std::string::npos ? QueryParams{} : parse_query(target.substr(q + 1));
  auto param = [&](const std::string& k) {
    for (const auto& [kk, v] : query)
      if (kk == k) return v;
    return std::string();
  };
  {
    std::lock_guard<std::mutex> lock(mu_);
    log_.push_back(req.method + " " + target);
  }
  if (down) {
    HttpResponse r;
    r.error = HttpError::ConnectRefused;
    r.error_message = "connection refused by fake.test:443 (is the server running?)";
    return r;
  }
  if (intercept)
    if (std::optional<HttpResponse> r = intercept(req)) return *r;
  if (req.headers.get("Authorization") != "Bearer t")
    return status_reply(401, "Unauthorized", "Unauthorized");

  std::vector<std::string> s = split_path(path);
  std::lock_guard<std::mutex> lock(mu_);
  // Discovery.
  if (s == std::vector<std::string>{"api"}) return json_reply(200, {{"versions", {"v1"}}});
  if (s == std::vector<std::string>{"apis"}) {
    json groups = json::array();
    std::map<std::string, std::string> seen;
    for (const FakeResource& r : resources_) {
      size_t slash = r.api_version.find('/');
      if (slash == std::string::npos) continue;
      std::string g = r.api_version.substr(0, slash);
      if (seen.count(g)) continue;
      seen[g] = r.api_version;
      groups.push_back({{"name", g},
                        {"versions", {{{"groupVersion", r.api_version}}}},
                        {"preferredVersion", {{"groupVersion", r.api_version}}}});
    }
    return json_reply(200, {{"groups", groups}});
  }
  bool core = !s.empty() && s[0] == "api";
  size_t base = core ? 2 : 3;
  if (s.size() < base) return status_reply(404, "NotFound", "not found");
  std::string av = core ? s[1] : s[1] + "/" + s[2];
  if (s.size() == base) {
    json res = json::array();
    for (const FakeResource& r : resources_)
      if (r.api_version == av)
        res.push_back({{"name", r.plural}, {"kind", r.kind}, {"namespaced", r.namespaced}});
    if (res.empty()) return status_reply(404, "NotFound", "the server could not find it");
    return json_reply(200, {{"groupVersion", av}, {"resources", res}});
  }
  // Objects: [namespaces/NS/]PLURAL[/NAME]
  std::string ns;
  size_t i = base;
  if (s.size() >= i + 3 && s[i] == "namespaces") {
    ns = s[i + 1];
    i += 2;
  }
  if (s.size() <= i) return status_reply(404, "NotFound", "not found");
  const FakeResource* res = find_plural(av, s[i]);
  if (!res) return status_reply(404, "NotFound", "the server could not find the resource");
  std::string name = s.size() > i + 1 ? s[i + 1] : "";
  std::string key = key_of(av, res->kind, ns, name);

  if (req.method == "GET" && name.empty()) {
    json items = json::array();
    std::string prefix = key_of(av, res->kind, ns, "");
    for (const auto& [k, o] : objects_) {
      if (k.rfind(prefix, 0) != 0 &&
          !(ns.empty() && res->namespaced && k.rfind(av + "/" + res->kind + "/", 0) == 0))
        continue;
      json item = o;
      item.erase("apiVersion");
      item.erase("kind");
      items.push_back(item);
    }
    return json_reply(200, {{"kind", res->kind + "List"}, {"items", items}});
  }
  if (req.method == "GET") {
    auto it = objects_.find(key);
    if (it == objects_.end())
      return status_reply(404, "NotFound", res->plural + " \"" + name + "\" not found");
    return json_reply(200, it->second);
  }
  if (req.method == "DELETE") {
    if (!objects_.erase(key))
      return status_reply(404, "NotFound", res->plural + " \"" + name + "\" not found");
    return json_reply(200, {{"kind", "Status"}, {"status", "Success"}});
  }
  if (req.method == "PATCH") {
    CHECK(req.headers.get("Content-Type") == "application/apply-patch+yaml");
    CHECK(param("fieldManager") == "fedplan");
    json manifest = json::parse(req.body);
    if (res->namespaced && !objects_.count(key_of("v1", "Namespace", "", ns)) && ns != "default")
      return status_reply(404, "NotFound", "namespaces \"" + ns + "\" not found");
    auto it = objects_.find(key);
    json o = merge(it == objects_.end() ? json::object() : it->second, manifest);
    o["metadata"]["namespace"] = ns;
    if (!res->namespaced) o["metadata"].erase("namespace");
    if (res->kind == "Secret" && o.contains("stringData")) {  // write-only, as for real
      for (const auto& [k, v] : o["stringData"].items())
        o["data"][k] = base64_encode(v.get<std::string>());
      o.erase("stringData");
    }
    if (defaults) defaults(o);
    o["metadata"]["managedFields"] = {{{"manager", "fedplan"}, {"operation", "Apply"}}};
    bool dry = param("dryRun") == "All";
    if (it == objects_.end()) {
      o["metadata"]["uid"] = dry ? "dry-run-uid" : "uid-" + std::to_string(next_uid_++);
    }
    if (!dry) {
      o["metadata"]["resourceVersion"] = std::to_string(++rv_);
      objects_[key] = o;
    }
    return json_reply(it == objects_.end() ? 201 : 200, o);
  }
  return status_reply(405, "MethodNotAllowed", "method not allowed");
}

KubeProviderOptions fake_provider_options(std::shared_ptr<FakeCluster> cluster, Clock& clock) {
  KubeProviderOptions o;
  o.clock = &clock;
  o.first_poll = std::chrono::milliseconds(10);
  o.max_poll = std::chrono::milliseconds(10);
  o.kind_wait = std::chrono::milliseconds(100);
  o.transport_factory = [cluster](const TlsConfig&, const BeastTransportOptions&, std::string*) {
    // A thin owner so the provider can hold it while the test keeps the cluster.
    struct Shared : HttpTransport {
      std::shared_ptr<FakeCluster> c;
      HttpResponse send(const HttpRequest& r) override { return c->send(r); }
    };
    auto s = std::make_unique<Shared>();
    s->c = cluster;
    return std::unique_ptr<HttpTransport>(std::move(s));
  };
  return o;
}

std::unique_ptr<Provider> fake_provider(std::shared_ptr<FakeCluster> cluster, Clock& clock) {
  std::unique_ptr<Provider> p =
      make_kube_provider(fake_provider_options(std::move(cluster), clock));
  Diagnostics d = p->configure(
      Value::object({{"host", Value::string("https://fake.test")}, {"token", Value::string("t")}}));
  REQUIRE_MESSAGE(!d.has_errors(), render_diagnostics(d, nullptr));
  return p;
}

}  // namespace fedplan::kube::testing
