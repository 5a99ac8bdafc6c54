// Helpers of the openstack_lb harness tests: a provider wired to the harness with a recording
// transport, plan+apply shorthands, raw Octavia calls for changes behind fedplan's back.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "base/clock.h"
#include "providers/openstack_lb/openstack_lb_provider.h"
#include "tests/openstack/harness_fixture.h"

namespace fedplan::openstack_lb::testing {

// The system clock shifted by an adjustable offset: tokens can be made to look old.
class OffsetClock : public Clock {
 public:
  time_point now() override {
    return std::chrono::system_clock::now() + std::chrono::milliseconds(offset_ms_.load());
  }
  void sleep_for(duration d) override { SystemClock().sleep_for(d); }
  void advance(std::chrono::milliseconds d) { offset_ms_ += d.count(); }

 private:
  std::atomic<long long> offset_ms_{0};
};

// A provider talking to the harness, and the transport recording what it sent.
struct HarnessProvider {
  std::unique_ptr<Provider> provider;
  std::shared_ptr<RecordingTransport> recorder;
  Diagnostics configure_diags;

  Provider* operator->() { return provider.get(); }
};

// Settings for password auth as the harness's `fedplan` user.
ValueMap password_settings(const Harness& h);

// A provider configured with `settings` (an empty process environment unless `env` is given).
HarnessProvider harness_provider(const ValueMap& settings,
                                 std::map<std::string, std::string> env = {},
                                 std::shared_ptr<Clock> clock = nullptr,
                                 const std::string& working_dir = "");

// plan_change + apply from nothing; fails the test case on any error.
Value create(Provider& p, const std::string& type, const Value& config);
// plan_change(prior, config) + apply; the plan must not replace.
Value update(Provider& p, const std::string& type, const Value& prior, const Value& config);
// apply to null; fails the test case on any error.
void destroy(Provider& p, const std::string& type, const Value& state);

// All diagnostics as text, for messages and searches.
std::string text(const Diagnostics& d);

// A name no other case or run uses.
std::string unique_name(const std::string& base);

// Octavia and Keystone spoken to directly, as the `fedplan` user (or another), bypassing the
// provider: the cloud provider or an operator acting behind fedplan's back.
struct RawCloud {
  std::shared_ptr<HttpTransport> http;
  std::string token;
  std::string lbaas;  // OCTAVIA_URL/v2/lbaas

  explicit RawCloud(const Harness& h, const std::string& user = "",
                    const std::string& password = "", const std::string& project = "");
  HttpResponse send(const std::string& method, const std::string& path,
                    const nlohmann::json* body = nullptr) const;
  // Polls the load balancer until its provisioning_status is `status` ("gone": 404).
  void wait_lb(const std::string& id, const std::string& status) const;
};

// Shorthands for config values.
inline Value S(const std::string& s) {
  return Value::string(s);
}
inline Value N(double n) {
  return Value::number(n);
}
const Value& at(const Value& obj, const std::string& key);
std::string str(const Value& obj, const std::string& key);

}  // namespace fedplan::openstack_lb::testing
