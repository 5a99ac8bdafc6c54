// Finding or starting the OpenStack harness, and reading Octavia as its project user, for the
// openstack federation end-to-end tests (see octavia.h).
#include "tests/e2e/openstack/octavia.h"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/http/beast_transport.h"
#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

namespace {

std::map<std::string, std::string> read_env(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos || line.empty() || line[0] == '#') continue;
    out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

std::string value(const std::map<std::string, std::string>& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? "" : it->second;
}

}  // namespace

OpenStackHarness::OpenStackHarness(const std::string& own_dir) {
  std::string script = source_dir() + "/tests/openstack/harness.sh";
  const char* given = getenv("FEDPLAN_OPENSTACK_HARNESS");
  std::string dir;
  if (given && *given) {
    // A fixture started it; without its env file the fixture was skipped or failed.
    dir = given;
    if (!std::filesystem::exists(dir + "/env")) {
      cannot_run = true;
      error = "the OpenStack harness fixture left no " + dir + "/env (skipped or failed)";
      return;
    }
  } else {
    dir = own_dir;
    Run r = run_program({script, "start", dir, "--delay", "0.3"}, {}, std::chrono::seconds(600));
    if (r.exit_code == 77) {
      cannot_run = true;
      error = r.all();
      return;
    }
    if (r.exit_code != 0) {
      error = "harness.sh start failed: " + r.all();
      run_program({script, "stop", dir});
      return;
    }
    started_dir_ = dir;
  }
  env = read_env(dir + "/env");
}

OpenStackHarness::~OpenStackHarness() {
  if (!started_dir_.empty())
    run_program({source_dir() + "/tests/openstack/harness.sh", "stop", started_dir_});
}

std::map<std::string, std::string> OpenStackHarness::os_env() const {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : env)
    if (k.rfind("OS_", 0) == 0 && k.rfind("OS_ADMIN_", 0) != 0) out[k] = v;
  return out;
}

OctaviaClient::OctaviaClient(const OpenStackHarness& h) {
  std::string err;
  http_ = make_beast_transport(TlsConfig{}, BeastTransportOptions{}, &err);
  if (!http_) {
    error_ = err;
    return;
  }
  url_ = value(h.env, "OCTAVIA_URL") + "/v2/lbaas/";
  nlohmann::json auth = {
      {"auth",
       {{"identity",
         {{"methods", {"password"}},
          {"password",
           {{"user",
             {{"name", value(h.env, "OS_USERNAME")},
              {"domain", {{"name", value(h.env, "OS_USER_DOMAIN_NAME")}}},
              {"password", value(h.env, "OS_PASSWORD")}}}}}}},
        {"scope",
         {{"project",
           {{"name", value(h.env, "OS_PROJECT_NAME")},
            {"domain", {{"name", value(h.env, "OS_PROJECT_DOMAIN_NAME")}}}}}}}}}};
  HttpRequest req;
  req.method = "POST";
  req.url = value(h.env, "OS_AUTH_URL") + "/auth/tokens";
  req.headers.set("Content-Type", "application/json");
  req.body = auth.dump();
  HttpResponse resp = http_->send(req);
  token_ = resp.headers.get("X-Subject-Token");
  if (resp.status != 201 || token_.empty())
    error_ = "Keystone answered " + std::to_string(resp.status) + " " + resp.error_message + ": " +
             resp.body;
}

OctaviaClient::~OctaviaClient() = default;

nlohmann::json OctaviaClient::send(const std::string& method, const std::string& path,
                                   const std::string& body, int* status) {
  *status = 0;
  if (!http_) return nullptr;
  HttpRequest req;
  req.method = method;
  req.url = url_ + path;
  req.headers.set("X-Auth-Token", token_);
  if (!body.empty()) {
    req.headers.set("Content-Type", "application/json");
    req.body = body;
  }
  HttpResponse resp = http_->send(req);
  *status = resp.status;
  if (!resp.ok()) {
    error_ = method + " " + path + ": " + std::to_string(resp.status) + " " + resp.error_message +
             " " + resp.body;
    return nullptr;
  }
  if (resp.body.empty()) return nlohmann::json::object();
  return nlohmann::json::parse(resp.body, nullptr, false);
}

nlohmann::json OctaviaClient::get(const std::string& path) {
  int status = 0;
  return send("GET", path, "", &status);
}

nlohmann::json OctaviaClient::post(const std::string& path, const nlohmann::json& body) {
  int status = 0;
  return send("POST", path, body.dump(), &status);
}

int OctaviaClient::del(const std::string& path) {
  int status = 0;
  send("DELETE", path, "", &status);
  return status;
}

nlohmann::json OctaviaClient::load_balancers() {
  nlohmann::json all = get("loadbalancers");
  return all.is_object() ? all.value("loadbalancers", nlohmann::json::array())
                         : nlohmann::json::array();
}

bool OctaviaClient::wait_active(const std::string& id, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    nlohmann::json lb = get("loadbalancers/" + id);
    if (lb.is_object() && lb["loadbalancer"].value("provisioning_status", "") == "ACTIVE")
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return false;
}

bool OctaviaClient::wait_gone(const std::string& id, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    send("GET", "loadbalancers/" + id, "", &status);
    if (status == 404) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return false;
}

}  // namespace fedplan::e2e
