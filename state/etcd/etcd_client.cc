// EtcdClient: JSON bodies for the gateway's kv, lease and auth calls, and its answers (64-bit
// numbers arrive as strings, fields at their default value are left out).
#include "state/etcd/etcd_client.h"

#include <algorithm>

#include "base/base64.h"
#include "base/http/beast_transport.h"
#include "base/http/retry.h"
#include "state/etcd/failover_transport.h"
#include "state/fast_json.h"

namespace fedplan {

std::string etcd_prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    if (static_cast<unsigned char>(end.back()) < 0xff) {
      end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key: etcd's "\0" range end
}

namespace {

// A gateway number: "123" or 123; 0 when absent.
int64_t number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

std::string b64(std::string_view s) {
  return base64_encode(s);
}

// A base64 field of an answer; false when it is not base64.
bool bytes_of(const nlohmann::json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end()) return true;  // empty value
  if (!it->is_string()) return false;
  std::optional<std::string> d = base64_decode(it->get<std::string>());
  if (!d) return false;
  *out = std::move(*d);
  return true;
}

std::optional<EtcdRange> parse_range(const nlohmann::json& j) {
  EtcdRange r;
  if (auto h = j.find("header"); h != j.end() && h->is_object())
    r.revision = number(*h, "revision");
  r.more = j.value("more", false);
  if (auto kvs = j.find("kvs"); kvs != j.end()) {
    if (!kvs->is_array()) return std::nullopt;
    for (const nlohmann::json& k : *kvs) {
      if (!k.is_object()) return std::nullopt;
      EtcdKv kv;
      if (!bytes_of(k, "key", &kv.key) || !bytes_of(k, "value", &kv.value)) return std::nullopt;
      kv.create_revision = number(k, "create_revision");
      kv.mod_revision = number(k, "mod_revision");
      kv.version = number(k, "version");
      kv.lease = number(k, "lease");
      r.kvs.push_back(std::move(kv));
    }
  }
  return r;
}

nlohmann::json range_body(const std::string& key, const std::string& range_end) {
  nlohmann::json j = {{"key", b64(key)}};
  if (!range_end.empty()) j["range_end"] = b64(range_end);
  return j;
}

nlohmann::json op_json(const EtcdOp& op) {
  switch (op.kind) {
    case EtcdOp::Kind::Put: {
      nlohmann::json p = {{"key", b64(op.key)}, {"value", b64(op.value)}};
      if (op.lease) p["lease"] = std::to_string(op.lease);
      return {{"request_put", p}};
    }
    case EtcdOp::Kind::Delete:
      return {{"request_delete_range", range_body(op.key, op.range_end)}};
    case EtcdOp::Kind::Range:
      return {{"request_range", range_body(op.key, op.range_end)}};
  }
  return {};
}

nlohmann::json compare_json(const EtcdCompare& c) {
  nlohmann::json j = {{"key", b64(c.key)}, {"result", "EQUAL"}};
  switch (c.target) {
    case EtcdCompare::Target::Create:
      j["target"] = "CREATE";
      j["create_revision"] = std::to_string(c.revision);
      break;
    case EtcdCompare::Target::Mod:
      j["target"] = "MOD";
      j["mod_revision"] = std::to_string(c.revision);
      break;
    case EtcdCompare::Target::Value:
      j["target"] = "VALUE";
      j["value"] = b64(c.value);
      break;
  }
  return j;
}

// etcd's own words from an error answer ({"error": ..., "message": ..., "code": N}).
std::string etcd_message(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object()) {
    if (auto e = j.find("error"); e != j.end() && e->is_object()) j = *e;  // stream form
    for (const char* key : {"message", "error"})
      if (auto it = j.find(key);
          it != j.end() && it->is_string() && !it->get<std::string>().empty())
        return it->get<std::string>();
  }
  return body.size() > 200 ? body.substr(0, 200) + "..." : body;
}

}  // namespace

std::string what_to_check(HttpError e) {
  switch (e) {
    case HttpError::TlsVerify:
      return "The server's certificate is not signed by a CA the backend trusts: check "
             "cacert_path (without it, the system's CAs are used).";
    case HttpError::Tls:
      return "The TLS handshake failed: check cert_path and key_path (the client certificate "
             "etcd asks for) and that the endpoint speaks https.";
    default:
      return "Check the backend's endpoints setting and that etcd is running there.";
  }
}

std::unique_ptr<EtcdClient> EtcdClient::connect(const EtcdClientOptions& options, Clock* clock,
                                                Diagnostics& diags) {
  BeastTransportOptions bo;
  bo.request_timeout = options.request_timeout;
  bo.connect_timeout = std::min(options.request_timeout, std::chrono::milliseconds(5'000));
  std::string err;
  // With no https:// endpoint no TLS connection is ever made: without TLS settings, skip
  // loading the system CA bundle (a sixth of a 10k `state pull`'s CPU, set up and freed).
  TlsConfig tls = options.tls;
  bool https = std::any_of(options.endpoints.begin(), options.endpoints.end(),
                           [](const std::string& e) { return e.starts_with("https://"); });
  if (!https && tls.ca_pem.empty() && tls.ca_file.empty() && tls.client_cert_pem.empty() &&
      tls.client_cert_file.empty())
    tls.insecure_skip_verify = true;
  std::shared_ptr<HttpTransport> beast = make_beast_transport(tls, bo, &err);
  if (!beast) {
    diags.error("Cannot set up TLS for the etcd backend: " + err,
                "Check cacert_path, cert_path and key_path.");
    return nullptr;
  }
  std::string describe = "etcd at ";
  for (size_t i = 0; i < options.endpoints.size(); ++i)
    describe += (i ? ", " : "") + options.endpoints[i];
  auto failover = std::make_shared<FailoverTransport>(options.endpoints, std::move(beast));
  auto client = std::make_unique<EtcdClient>(nullptr, describe, options.username, options.password);
  client->transport_ =
      std::make_shared<RetryingTransport>(failover, clock ? *clock : client->system_clock_);
  client->timeout_ = options.request_timeout;
  return client;
}

EtcdClient::EtcdClient(std::shared_ptr<HttpTransport> transport, std::string describe,
                       std::string username, std::string password)
    : transport_(std::move(transport)),
      describe_(std::move(describe)),
      username_(std::move(username)),
      password_(std::move(password)) {}

HttpResponse EtcdClient::post(const std::string& path, const std::string& body,
                              const std::string& token) {
  HttpRequest r;
  r.method = "POST";
  r.url = path;
  r.body = body;
  r.timeout = timeout_;
  r.headers.set("Content-Type", "application/json");
  if (!token.empty()) r.headers.set("Authorization", token);
  // Every call the backend makes may go twice: reads and lease renewals are harmless, and a
  // transaction is guarded by its compare (a repeat is refused, and the backend then finds
  // its own write).
  r.idempotent = true;
  HttpResponse response = transport_->send(r);
  last_error_ = response.error;
  return response;
}

std::optional<std::string> EtcdClient::token(bool renew, Diagnostics& diags) {
  if (username_.empty()) return std::string();
  std::lock_guard<std::mutex> g(token_mu_);
  if (!token_.empty() && !renew) return token_;
  nlohmann::json body = {{"name", username_}, {"password", password_}};
  HttpResponse r = post("/v3/auth/authenticate", body.dump(), "");
  if (r.transport_failed()) {
    diags.error("Cannot reach " + describe_ + ": " + r.error_message, what_to_check(r.error));
    return std::nullopt;
  }
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  if (!r.ok() || !j.is_object() || !j.contains("token") || !j["token"].is_string()) {
    diags.error(
        "etcd refused the username and password of the etcd backend: " + etcd_message(r.body),
        "User \"" + username_ + "\" at " + describe_ +
            ". Check the username setting and FEDPLAN_BACKEND_PASSWORD.");
    return std::nullopt;
  }
  token_ = j["token"].get<std::string>();
  return token_;
}

std::optional<nlohmann::json> EtcdClient::call(const std::string& path, const nlohmann::json& body,
                                               Diagnostics& diags) {
  std::optional<std::string> tok = token(false, diags);
  if (!tok) return std::nullopt;
  HttpResponse r = post(path, body.dump(), *tok);
  if (r.status == 401 && !username_.empty()) {  // the token expired: one new token, once
    tok = token(true, diags);
    if (!tok) return std::nullopt;
    r = post(path, body.dump(), *tok);
  }
  if (r.transport_failed()) {
    diags.error("Cannot reach " + describe_ + ": " + r.error_message,
                "POST " + path + " failed after " + std::to_string(r.attempts) + " attempt(s). " +
                    what_to_check(r.error));
    return std::nullopt;
  }
  if (!r.ok()) {
    diags.error(
        "etcd refused a request: " + etcd_message(r.body),
        "POST " + path + " to " + describe_ + " answered HTTP " + std::to_string(r.status) + ".");
    return std::nullopt;
  }
  // A streaming call (lease keep-alive) answers one JSON object per line.
  std::string_view text = r.body;
  if (size_t nl = text.find('\n'); nl != std::string_view::npos) text = text.substr(0, nl);
  // A state's range answer is megabytes of base64 strings: the fast reader builds the same
  // document about three times faster; on any doubt nlohmann reads it again.
  nlohmann::json j;
  nlohmann::detail::json_sax_dom_parser<nlohmann::json> dom(j, false);
  if (!fast_sax_parse(text, dom)) j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object() && j.contains("error")) {
    diags.error("etcd refused a request: " + etcd_message(std::string(text)),
                "POST " + path + " to " + describe_ + ".");
    return std::nullopt;
  }
  if (auto res = j.find("result"); j.is_object() && res != j.end()) j = *res;
  if (!j.is_object()) {
    diags.error("etcd gave an answer that is not a JSON object",
                "POST " + path + " to " + describe_ + ": " + std::string(text.substr(0, 200)));
    return std::nullopt;
  }
  return j;
}

std::optional<EtcdRange> EtcdClient::range(const EtcdRangeRequest& request, Diagnostics& diags) {
  nlohmann::json body = range_body(request.key, request.range_end);
  if (request.keys_only) body["keys_only"] = true;
  if (request.limit) body["limit"] = std::to_string(request.limit);
  if (request.revision) body["revision"] = std::to_string(request.revision);
  std::optional<nlohmann::json> j = call("/v3/kv/range", body, diags);
  if (!j) return std::nullopt;
  std::optional<EtcdRange> r = parse_range(*j);
  if (!r) diags.error("etcd gave a range answer fedplan cannot read", describe_ + ".");
  return r;
}

std::optional<EtcdTxnResult> EtcdClient::txn(const std::vector<EtcdCompare>& compare,
                                             const std::vector<EtcdOp>& success,
                                             const std::vector<EtcdOp>& failure,
                                             Diagnostics& diags) {
  nlohmann::json body = {{"compare", nlohmann::json::array()},
                         {"success", nlohmann::json::array()},
                         {"failure", nlohmann::json::array()}};
  for (const EtcdCompare& c : compare) body["compare"].push_back(compare_json(c));
  for (const EtcdOp& op : success) body["success"].push_back(op_json(op));
  for (const EtcdOp& op : failure) body["failure"].push_back(op_json(op));
  std::optional<nlohmann::json> j = call("/v3/kv/txn", body, diags);
  if (!j) return std::nullopt;
  EtcdTxnResult t;
  t.succeeded = j->value("succeeded", false);
  if (auto h = j->find("header"); h != j->end() && h->is_object())
    t.revision = number(*h, "revision");
  if (auto rs = j->find("responses"); rs != j->end() && rs->is_array()) {
    for (const nlohmann::json& one : *rs) {
      auto rr = one.find("response_range");
      if (rr == one.end()) continue;
      std::optional<EtcdRange> r = parse_range(*rr);
      if (!r) {
        diags.error("etcd gave a transaction answer fedplan cannot read", describe_ + ".");
        return std::nullopt;
      }
      t.ranges.push_back(std::move(*r));
    }
  }
  return t;
}

std::optional<int64_t> EtcdClient::lease_grant(int64_t ttl_seconds, Diagnostics& diags) {
  std::optional<nlohmann::json> j =
      call("/v3/lease/grant", {{"TTL", std::to_string(ttl_seconds)}}, diags);
  if (!j) return std::nullopt;
  int64_t id = number(*j, "ID");
  if (id == 0) {
    diags.error("etcd granted no lease: " + j->value("error", std::string("no ID")),
                describe_ + ".");
    return std::nullopt;
  }
  return id;
}

std::optional<int64_t> EtcdClient::lease_keepalive(int64_t id, Diagnostics& diags) {
  std::optional<nlohmann::json> j =
      call("/v3/lease/keepalive", {{"ID", std::to_string(id)}}, diags);
  if (!j) return std::nullopt;
  return number(*j, "TTL");
}

bool EtcdClient::lease_revoke(int64_t id, Diagnostics& diags) {
  return call("/v3/lease/revoke", {{"ID", std::to_string(id)}}, diags).has_value();
}

std::optional<int64_t> EtcdClient::lease_time_to_live(int64_t id, Diagnostics& diags) {
  std::optional<nlohmann::json> j =
      call("/v3/lease/timetolive", {{"ID", std::to_string(id)}}, diags);
  if (!j) return std::nullopt;
  return number(*j, "TTL");
}

}  // namespace fedplan
