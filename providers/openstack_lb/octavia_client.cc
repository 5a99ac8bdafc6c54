// Octavia calls with token renewal, 409 retries and status waits (see octavia_client.h).
// All waiting goes through the Clock so unit tests take no time.
#include "providers/openstack_lb/octavia_client.h"

#include <algorithm>
#include <cstdio>

#include "providers/openstack_lb/api_error.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;

std::string provisioning_status(const json& body) {
  if (!body.is_object() || body.empty()) return "";
  const json& obj = body.begin().value();
  if (!obj.is_object() || !obj.contains("provisioning_status") ||
      !obj["provisioning_status"].is_string())
    return "";
  return obj["provisioning_status"].get<std::string>();
}

// Collects "listener ID" for every object of a status tree in provisioning_status ERROR.
void collect_errors(const json& node, const std::string& kind, std::vector<std::string>& out) {
  if (node.is_array()) {
    for (const json& n : node) collect_errors(n, kind, out);
    return;
  }
  if (!node.is_object()) return;
  if (node.contains("provisioning_status") && node["provisioning_status"] == "ERROR") {
    std::string id = node.value("id", "");
    std::string name = node.value("name", "");
    out.push_back(kind + " " + id + (name.empty() ? "" : " (" + name + ")"));
  }
  static const std::pair<const char*, const char*> kChildren[] = {
      {"listeners", "listener"},   {"pools", "pool"},
      {"members", "member"},       {"health_monitor", "health monitor"},
      {"l7policies", "L7 policy"}, {"rules", "L7 rule"}};
  for (const auto& [key, child_kind] : kChildren)
    if (node.contains(key)) collect_errors(node[key], child_kind, out);
}

}  // namespace

OctaviaClient::OctaviaClient(std::shared_ptr<HttpTransport> http, TokenCache& tokens,
                             std::string root, Clock& clock, WaitOptions wait)
    : http_(std::move(http)), tokens_(tokens), root_(std::move(root)), clock_(clock), wait_(wait) {}

ApiResult OctaviaClient::call(const std::string& method, const std::string& url, const json* body) {
  ApiResult r;
  for (int attempt = 0; attempt < 2; ++attempt) {
    KeystoneResult t = tokens_.get();
    if (!t.token) {
      r.error = t.error;  // Keystone's requests were retried by the transport already
      return r;
    }
    HttpRequest req;
    req.method = method;
    req.url = url;
    req.headers.set("X-Auth-Token", t.token->id);
    req.headers.set("Accept", "application/json");
    if (body) {
      req.headers.set("Content-Type", "application/json");
      req.body = body->dump();
    }
    HttpResponse resp = http_->send(req);
    if (resp.transport_failed()) {
      r.error = "cannot reach Octavia: " + resp.error_message;
      // Not retryable for the engine: the transport already retried (docs/http.md).
      return r;
    }
    // The token expired or was revoked since we got it: renew once and send again.
    if (resp.status == 401 && attempt == 0) {
      tokens_.invalidate(t.token->id);
      continue;
    }
    r.status = resp.status;
    r.body = json::parse(resp.body, nullptr, false);
    if (r.body.is_discarded()) r.body = json();
    if (resp.status < 200 || resp.status >= 300) {
      r.error = describe_failure(method, url, resp);
      // 429 and 5xx were retried by the transport already: not again by the engine.
    }
    return r;
  }
  return r;  // not reached: the second attempt always returns
}

ApiResult OctaviaClient::write(const std::string& method, const std::string& path,
                               const json* body) {
  Clock::time_point deadline = clock_.now() + wait_.timeout;
  std::chrono::milliseconds delay = wait_.conflict_initial;
  int conflicts = 0;
  for (;;) {
    ApiResult r = call(method, root_ + path, body);
    if (r.status != 409) return r;
    ImmutableObject locked = immutable_object(r.error);
    if (locked.resource.empty()) return r;  // another conflict (a port in use, ...)
    std::string status;
    if (!locked.path.empty()) {
      ApiResult obj = get(locked.path);
      if (obj.ok()) status = provisioning_status(obj.body);
    }
    std::string what = locked.resource + " " + locked.id;
    if (status == "ERROR") {
      r.error += " (" + what +
                 " is in provisioning_status ERROR; Octavia accepts no change to it or its "
                 "children until it is failed over or deleted)";
      return r;
    }
    ++conflicts;
    if (clock_.now() + delay > deadline) {
      r.error += " (still refused after " + std::to_string(conflicts) + " tries over " +
                 human_duration(wait_.timeout) + "; " + what + " is " +
                 (status.empty() ? "in an unknown state" : status) + ")";
      return r;  // waited its whole timeout: the engine does not wait it again
    }
    clock_.sleep_for(delay);
    delay = std::min(wait_.conflict_max, delay * 2);
  }
}

std::string OctaviaClient::error_tree(const std::string& lb_id) {
  ApiResult tree = get("/loadbalancers/" + lb_id + "/status");
  if (!tree.ok() || !tree.body.contains("statuses")) return "";
  std::vector<std::string> errors;
  const json& lb = tree.body["statuses"].value("loadbalancer", json::object());
  for (const char* key : {"listeners", "pools"}) {
    if (lb.contains(key))
      collect_errors(lb[key], std::string(key) == "listeners" ? "listener" : "pool", errors);
  }
  if (errors.empty()) return "";
  std::string out = "; objects in ERROR: ";
  for (size_t i = 0; i < errors.size(); ++i) out += (i ? ", " : "") + errors[i];
  return out;
}

ApiResult OctaviaClient::wait_active(const std::string& lb_id, const std::string& doing) {
  Clock::time_point start = clock_.now();
  Clock::time_point deadline = start + wait_.timeout;
  std::chrono::milliseconds delay = wait_.poll_initial;
  for (;;) {
    ApiResult r = get("/loadbalancers/" + lb_id);
    if (r.status == 404) {
      r.error = "load balancer " + lb_id + " disappeared while " + doing;
      return r;
    }
    if (!r.ok()) return r;
    std::string status = provisioning_status(r.body);
    if (status == "ACTIVE") return r;
    if (status == "ERROR" || status == "DELETED") {
      std::string operating;
      if (r.body.contains("loadbalancer"))
        operating = r.body["loadbalancer"].value("operating_status", "");
      r.error = "load balancer " + lb_id + " went to provisioning_status " + status +
                (operating.empty() ? "" : " (operating_status " + operating + ")") + " while " +
                doing + error_tree(lb_id) +
                ". Octavia records no reason in the API; its worker or provider driver log has it";
      return r;
    }
    if (clock_.now() + delay > deadline) {
      r.error = "timed out after " + human_duration(wait_.timeout) + " waiting for load balancer " +
                lb_id + " to become ACTIVE while " + doing + " (still " + status + ")";
      return r;  // waited its whole timeout: the engine does not wait it again
    }
    clock_.sleep_for(delay);
    delay =
        std::min(wait_.poll_max, std::chrono::milliseconds(static_cast<long long>(
                                     static_cast<double>(delay.count()) * wait_.poll_multiplier)));
  }
}

ApiResult OctaviaClient::wait_gone(const std::string& path, const std::string& lb_id,
                                   const std::string& doing) {
  Clock::time_point deadline = clock_.now() + wait_.timeout;
  std::chrono::milliseconds delay = wait_.poll_initial;
  for (;;) {
    ApiResult r = get(path);
    if (r.status == 404) return ApiResult{404, json(), ""};
    if (!r.ok()) return r;
    std::string status = provisioning_status(r.body);
    if (status == "ERROR") {
      r.error = "the object at " + root_ + path + " went to provisioning_status ERROR while " +
                doing + (lb_id.empty() ? "" : error_tree(lb_id));
      return r;
    }
    if (clock_.now() + delay > deadline) {
      r.error = "timed out after " + human_duration(wait_.timeout) + " waiting for " + root_ +
                path + " to be gone while " + doing + " (still " + status + ")";
      return r;  // waited its whole timeout: the engine does not wait it again
    }
    clock_.sleep_for(delay);
    delay =
        std::min(wait_.poll_max, std::chrono::milliseconds(static_cast<long long>(
                                     static_cast<double>(delay.count()) * wait_.poll_multiplier)));
  }
}

ImmutableObject immutable_object(const std::string& message) {
  ImmutableObject out;
  size_t end = message.find(" is immutable");
  if (end == std::string::npos) return out;
  size_t id_start = message.rfind(' ', end - 1);
  if (id_start == std::string::npos) return out;
  out.id = message.substr(id_start + 1, end - id_start - 1);
  // The resource name runs back to the start of the sentence (after ": " in our error texts).
  size_t res_start = message.rfind(": ", id_start);
  res_start = res_start == std::string::npos ? 0 : res_start + 2;
  out.resource = message.substr(res_start, id_start - res_start);
  static const std::pair<const char*, const char*> kPaths[] = {
      {"Load Balancer", "/loadbalancers/"},
      {"Listener", "/listeners/"},
      {"Pool", "/pools/"},
      {"Health Monitor", "/healthmonitors/"},
      {"L7Policy", "/l7policies/"}};
  for (const auto& [name, prefix] : kPaths)
    if (out.resource == name) out.path = prefix + out.id;
  return out;
}

std::string human_duration(std::chrono::milliseconds d) {
  long long ms = d.count();
  char buf[64];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lld ms", ms);
  } else if (ms < 60'000) {
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  } else {
    long long s = ms / 1000;
    std::snprintf(buf, sizeof buf, "%lld min %lld s", s / 60, s % 60);
  }
  return buf;
}

}  // namespace fedplan::openstack_lb
