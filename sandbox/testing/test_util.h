// Test helpers: an in-process sandbox cluster with a fake clock, and one-line API calls that
// return the status and parsed body.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "base/testing/fake_clock.h"
#include "sandbox/api.h"
#include "sandbox/cluster.h"
#include "sandbox/ossm_operator.h"

namespace fedplan::sandbox::testing {

// A response with its body parsed (null when the body is not JSON).
struct Reply {
  int status = 0;
  nlohmann::json body;
  std::string raw;
  ApiResponse response;
};

// A cluster, its API and a fake clock; bootstrapped, with or without the operator play.
struct Harness {
  FakeClock clock;
  Cluster cluster;
  Api api;

  explicit Harness(bool operators = false, std::string name = "test", uint64_t seed = 7)
      : cluster(make_options(name, seed), clock), api(cluster, "secret-token", "127.0.0.1:6443") {
    if (operators) {
      OssmOptions o;
      o.ready_delay = std::chrono::milliseconds(3000);
      install_ossm(cluster, o);
    }
    cluster.bootstrap();
    cluster.tick();
  }

  // Over a cluster made with `options`, without operators.
  explicit Harness(const ClusterOptions& options)
      : cluster(options, clock), api(cluster, "secret-token", "127.0.0.1:6443") {
    cluster.bootstrap();
    cluster.tick();
  }

  static ClusterOptions make_options(const std::string& name, uint64_t seed) {
    ClusterOptions o;
    o.name = name;
    o.seed = seed;
    o.namespace_delete_delay = std::chrono::milliseconds(1000);
    return o;
  }

  Reply call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& content_type = "application/json",
             const std::string& token = "secret-token", const std::string& accept = "") {
    ApiRequest req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.content_type = body.empty() ? "" : content_type;
    req.accept = accept;
    if (!token.empty()) req.authorization = "Bearer " + token;
    req.user_agent = "sandbox-test/1.0";
    Reply r;
    r.response = api.handle(req);
    r.status = r.response.status;
    r.raw = r.response.body;
    r.body = nlohmann::json::parse(r.raw, nullptr, false);
    if (r.body.is_discarded()) r.body = nullptr;
    cluster.tick();
    return r;
  }

  Reply get(const std::string& target) { return call("GET", target); }
  Reply post(const std::string& target, const nlohmann::json& body) {
    return call("POST", target, body.dump());
  }
  Reply put(const std::string& target, const nlohmann::json& body) {
    return call("PUT", target, body.dump());
  }
  Reply apply(const std::string& target, const std::string& yaml, const std::string& manager,
              bool force = false) {
    std::string sep = target.find('?') == std::string::npos ? "?" : "&";
    return call("PATCH", target + sep + "fieldManager=" + manager + (force ? "&force=true" : ""),
                yaml, "application/apply-patch+yaml");
  }
  void advance(std::chrono::milliseconds d) {
    clock.advance(d);
    cluster.tick();
  }
};

}  // namespace fedplan::sandbox::testing
