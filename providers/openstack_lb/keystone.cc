// Keystone v3 token requests (see keystone.h).
// The password or secret goes only into the request body, never into a message.
#include "providers/openstack_lb/keystone.h"

#include <cstdio>
#include <ctime>

#include "providers/openstack_lb/api_error.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;

json domain_ref(const std::string& name, const std::string& id) {
  if (!id.empty()) return {{"id", id}};
  return {{"name", name}};
}

// The user: by id, or by name within its domain.
json user_ref(const CloudConfig& c) {
  if (!c.user_id.empty()) return {{"id", c.user_id}};
  return {{"name", c.username}, {"domain", domain_ref(c.user_domain_name, c.user_domain_id)}};
}

}  // namespace

json keystone_auth_body(const CloudConfig& c) {
  json identity;
  if (c.method == AuthMethod::Password) {
    json user = user_ref(c);
    user["password"] = c.password;
    identity = {{"methods", {"password"}}, {"password", {{"user", user}}}};
    json project;
    if (!c.project_id.empty())
      project = {{"id", c.project_id}};
    else
      project = {{"name", c.project_name},
                 {"domain", domain_ref(c.project_domain_name, c.project_domain_id)}};
    return {{"auth", {{"identity", identity}, {"scope", {{"project", project}}}}}};
  }
  json cred = {{"secret", c.app_cred_secret}};
  if (!c.app_cred_id.empty()) {
    cred["id"] = c.app_cred_id;
  } else {
    cred["name"] = c.app_cred_name;
    cred["user"] = user_ref(c);
  }
  identity = {{"methods", {"application_credential"}}, {"application_credential", cred}};
  return {{"auth", {{"identity", identity}}}};
}

std::optional<Clock::time_point> parse_keystone_time(std::string_view text) {
  std::string s(text);
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t i = static_cast<size_t>(consumed);
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  std::string zone = s.substr(i);
  if (!(zone.empty() || zone == "Z" || zone == "+00:00" || zone == "+0000")) return std::nullopt;
  time_t t = timegm(&tm);
  if (t == static_cast<time_t>(-1)) return std::nullopt;
  return Clock::time_point(std::chrono::seconds(t));
}

KeystoneResult keystone_authenticate(HttpTransport& http, const CloudConfig& config) {
  KeystoneResult r;
  HttpRequest req;
  req.method = "POST";
  req.url = config.auth_url + "/auth/tokens";
  req.headers.set("Content-Type", "application/json");
  req.headers.set("Accept", "application/json");
  req.body = keystone_auth_body(config).dump();
  // Asking twice for a token only makes two tokens.
  req.idempotent = true;
  HttpResponse resp = http.send(req);
  if (resp.transport_failed()) {
    r.error = "cannot reach Keystone: " + resp.error_message;
    return r;
  }
  if (resp.status == 401 || resp.status == 403 || resp.status == 404) {
    std::string what =
        config.method == AuthMethod::Password ? "password" : "application credential";
    r.error =
        "Keystone refused the " + what + " credentials: " + describe_failure("POST", req.url, resp);
    return r;
  }
  if (resp.status != 201 && resp.status != 200) {
    r.error = "Keystone did not issue a token: " + describe_failure("POST", req.url, resp);
    return r;
  }
  auto token = std::make_shared<KeystoneToken>();
  token->id = resp.headers.get("X-Subject-Token");
  json body = json::parse(resp.body, nullptr, false);
  if (token->id.empty() || body.is_discarded() || !body.contains("token") ||
      !body["token"].is_object()) {
    r.error = "Keystone's answer to POST " + req.url +
              " has no token (no X-Subject-Token header "
              "or no token document)";
    return r;
  }
  const json& t = body["token"];
  std::optional<Clock::time_point> exp;
  if (t.contains("expires_at") && t["expires_at"].is_string())
    exp = parse_keystone_time(t["expires_at"].get<std::string>());
  if (!exp) {
    r.error = "Keystone's token has no readable expires_at";
    return r;
  }
  token->expires_at = *exp;
  if (t.contains("issued_at") && t["issued_at"].is_string())
    token->issued_at = parse_keystone_time(t["issued_at"].get<std::string>());
  if (t.contains("project") && t["project"].is_object() && t["project"].contains("id"))
    token->project_id = t["project"]["id"].get<std::string>();
  if (t.contains("user") && t["user"].is_object() && t["user"].contains("id"))
    token->user_id = t["user"]["id"].get<std::string>();
  if (t.contains("catalog") && t["catalog"].is_array()) token->catalog = t["catalog"];
  r.token = std::move(token);
  return r;
}

}  // namespace fedplan::openstack_lb
