// The OpenStack harness (tests/openstack/harness.sh) for the openstack_lb tests: one real
// Keystone + Octavia per test binary, shared by its cases, with its DIR/env and fault knobs.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/env_lookup.h"
#include "base/http/http.h"

namespace fedplan::openstack_lb::testing {

// A running harness: its directory and the variables of DIR/env. `skip` says why there is
// none (the machine cannot run it: harness.sh exited 77).
struct Harness {
  std::string dir;
  std::map<std::string, std::string> env;
  std::string skip;

  const std::string& operator[](const std::string& key) const;
  // Operations on the load balancers stay PENDING_* this long.
  void set_delay(double seconds) const;
  // hold | error | error-next for one load balancer's tree; "" clears it.
  void set_fault(const std::string& lb_id, const std::string& fault) const;
};

// The harness of this process: the one named by $FEDPLAN_OPENSTACK_HARNESS (a ctest fixture
// started it), or else one started now in a temporary directory and stopped at exit.
const Harness& harness();

// An HttpTransport that records every exchange going through it (thread-safe).
class RecordingTransport : public HttpTransport {
 public:
  explicit RecordingTransport(std::shared_ptr<HttpTransport> inner) : inner_(std::move(inner)) {}
  HttpResponse send(const HttpRequest& request) override;

  // One request and the answer it got.
  struct Exchange {
    HttpRequest request;
    HttpResponse response;
  };
  std::vector<Exchange> exchanges() const;
  // How many exchanges had this method, a URL containing `url_part`, and (unless 0) status.
  int count(const std::string& method, const std::string& url_part, int status = 0) const;

 private:
  std::shared_ptr<HttpTransport> inner_;
  mutable std::mutex mu_;
  std::vector<Exchange> log_;
};

}  // namespace fedplan::openstack_lb::testing
