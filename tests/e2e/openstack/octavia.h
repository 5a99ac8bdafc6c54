// The OpenStack harness (tests/openstack/harness.sh: real Keystone + Octavia on loopback) for
// the openstack federation end-to-end tests, and a small Octavia client to look at what exists.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "base/http/http.h"

namespace fedplan::e2e {

// A running harness: the one named by $FEDPLAN_OPENSTACK_HARNESS (a ctest fixture started
// it), or else one started in `own_dir` and stopped by the destructor. `cannot_run` is set
// when harness.sh says this machine cannot run it (exit 77); `error` when it failed.
class OpenStackHarness {
 public:
  explicit OpenStackHarness(const std::string& own_dir);
  ~OpenStackHarness();
  OpenStackHarness(const OpenStackHarness&) = delete;
  OpenStackHarness& operator=(const OpenStackHarness&) = delete;

  bool cannot_run = false;
  std::string error;
  // DIR/env: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, VIP_SUBNET_ID, ...
  std::map<std::string, std::string> env;

  // The OS_* variables only: what a user would export for fedplan.
  std::map<std::string, std::string> os_env() const;

 private:
  std::string started_dir_;  // ours to stop; empty when a fixture owns the harness
};

// Octavia as the project user of the harness sees it (password token from Keystone).
class OctaviaClient {
 public:
  explicit OctaviaClient(const OpenStackHarness& h);
  ~OctaviaClient();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // GET /v2/lbaas/PATH: the decoded body, or null on any failure (error() says why).
  nlohmann::json get(const std::string& path);
  // POST /v2/lbaas/PATH with `body`; the decoded answer or null.
  nlohmann::json post(const std::string& path, const nlohmann::json& body);
  // DELETE /v2/lbaas/PATH; the status code (0 when nothing answered).
  int del(const std::string& path);

  // The project's load balancers (GET loadbalancers), each as Octavia returns it.
  nlohmann::json load_balancers();
  // Waits until the load balancer `id` is ACTIVE (true) or `seconds` pass (false).
  bool wait_active(const std::string& id, int seconds = 60);
  // Waits until GET loadbalancers/`id` answers 404 (true) or `seconds` pass (false).
  bool wait_gone(const std::string& id, int seconds = 60);

 private:
  nlohmann::json send(const std::string& method, const std::string& path, const std::string& body,
                      int* status);

  std::unique_ptr<HttpTransport> http_;
  std::string url_;
  std::string token_;
  std::string error_;
};

}  // namespace fedplan::e2e
