// ExecPlugin: KUBERNETES_EXEC_INFO in, ExecCredential out, cached until expirationTimestamp.
#include "base/kube/exec_plugin.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <ctime>

#include "base/base64.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

// The last lines of a plugin's stderr, for an error message.
std::string stderr_tail(const std::string& err) {
  std::string s = err;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  if (s.size() > 2000) s = "..." + s.substr(s.size() - 2000);
  return s.empty() ? "" : "; it said: " + s;
}

}  // namespace

std::optional<Clock::time_point> parse_rfc3339(const std::string& t) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      consumed != 19)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  }
  long offset = 0;
  if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
    ++i;
  } else if (i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && t[i + 3] == ':') {
    int h = 0, m = 0;
    if (std::sscanf(t.c_str() + i + 1, "%2d:%2d", &h, &m) != 2) return std::nullopt;
    offset = (t[i] == '+' ? 1 : -1) * (h * 3600L + m * 60L);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != t.size()) return std::nullopt;
  time_t secs = timegm(&tm);
  if (secs == static_cast<time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(secs - offset);
}

bool parse_exec_credential(const std::string& text, const std::string& api_version,
                           ExecCredential* out, std::string* err) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *err = "its output is not an ExecCredential JSON object";
    return false;
  }
  std::string got = j.value("apiVersion", "");
  if (got != api_version) {
    *err = "it answered with apiVersion \"" + got + "\", but the kubeconfig asks for \"" +
           api_version + "\"";
    return false;
  }
  if (j.value("kind", "") != "ExecCredential") {
    *err = "its output has kind \"" + j.value("kind", "") + "\", not ExecCredential";
    return false;
  }
  auto st = j.find("status");
  if (st == j.end() || !st->is_object()) {
    *err = "its ExecCredential has no status";
    return false;
  }
  auto str = [&](const char* key, std::string* v) {
    auto it = st->find(key);
    if (it == st->end() || it->is_null()) return true;
    if (!it->is_string()) {
      *err = std::string("its ExecCredential status.") + key + " is not a string";
      return false;
    }
    *v = it->get<std::string>();
    return true;
  };
  ExecCredential c;
  std::string expiry;
  if (!str("token", &c.token) || !str("clientCertificateData", &c.client_cert_pem) ||
      !str("clientKeyData", &c.client_key_pem) || !str("expirationTimestamp", &expiry))
    return false;
  if (!expiry.empty()) {
    c.expires = parse_rfc3339(expiry);
    if (!c.expires) {
      *err = "its ExecCredential status.expirationTimestamp \"" + expiry + "\" is not RFC 3339";
      return false;
    }
  }
  if (c.client_cert_pem.empty() != c.client_key_pem.empty()) {
    *err = "its ExecCredential has only one of clientCertificateData and clientKeyData";
    return false;
  }
  if (c.token.empty() && c.client_cert_pem.empty()) {
    *err = "its ExecCredential has neither a token nor clientCertificateData and clientKeyData";
    return false;
  }
  *out = std::move(c);
  return true;
}

ExecPlugin::ExecPlugin(ExecConfig config, ExecClusterInfo cluster,
                       std::shared_ptr<ProcessRunner> runner, Clock* clock)
    : config_(std::move(config)),
      cluster_(std::move(cluster)),
      runner_(std::move(runner)),
      clock_(clock ? *clock : system_clock_) {}

int ExecPlugin::runs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return runs_;
}

bool ExecPlugin::get(const std::string& rejected, ExecCredential* out, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  bool fresh = cached_ && (rejected.empty() || rejected != cached_->token) &&
               (!cached_->expires || clock_.now() < *cached_->expires);
  if (!fresh && !run(err)) return false;
  *out = *cached_;
  return true;
}

bool ExecPlugin::run(std::string* err) {
  const std::string what = config_.where + ": exec plugin " + config_.command;
  if (config_.interactive_mode == "Always") {
    // fedplan never lends its terminal to a plugin (stdin is a pipe), as kubectl without one.
    *err = what +
           ": interactiveMode is Always, but fedplan runs credential plugins without a "
           "terminal; use a plugin mode that needs no input (Never or IfAvailable)";
    return false;
  }
  json spec = {{"interactive", false}};
  if (config_.provide_cluster_info) {
    json cluster = {{"server", cluster_.server}};
    if (!cluster_.tls_server_name.empty()) cluster["tls-server-name"] = cluster_.tls_server_name;
    if (cluster_.insecure_skip_tls_verify) cluster["insecure-skip-tls-verify"] = true;
    if (!cluster_.ca_pem.empty())
      cluster["certificate-authority-data"] = base64_encode(cluster_.ca_pem);
    if (!cluster_.proxy_url.empty()) cluster["proxy-url"] = cluster_.proxy_url;
    spec["cluster"] = cluster;
  }
  json info = {{"apiVersion", config_.api_version}, {"kind", "ExecCredential"}, {"spec", spec}};
  ProcessRequest req;
  req.argv.push_back(config_.command);
  req.argv.insert(req.argv.end(), config_.args.begin(), config_.args.end());
  for (const auto& [k, v] : config_.env) req.extra_env[k] = v;
  req.extra_env["KUBERNETES_EXEC_INFO"] = info.dump();
  req.timeout = std::chrono::seconds(60);
  ++runs_;
  ProcessResult r = runner_->run(req);
  if (!r.error.empty()) {
    *err = what + ": " + r.error;
    if (r.exit_code == -1 && !config_.install_hint.empty()) *err += "\n" + config_.install_hint;
    return false;
  }
  if (r.exit_code != 0) {
    *err = what + " exited with status " + std::to_string(r.exit_code) + stderr_tail(r.err);
    return false;
  }
  ExecCredential c;
  std::string why;
  if (!parse_exec_credential(r.out, config_.api_version, &c, &why)) {
    *err = what + ": " + why + stderr_tail(r.err);
    return false;
  }
  cached_ = std::move(c);
  return true;
}

TokenSource ExecPlugin::token_source(std::shared_ptr<ExecPlugin> plugin) {
  return [plugin](const std::string& rejected, std::string* err) -> std::string {
    ExecCredential c;
    if (!plugin->get(rejected, &c, err)) return "";
    return c.token;
  };
}

}  // namespace fedplan::kube
