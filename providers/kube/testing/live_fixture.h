// Helpers for tests against a running fedplan-sandbox: a counting transport, a clock that
// records its sleeps, and a kube provider wired to both.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/http/http.h"
#include "providers/kube/kube_provider.h"

namespace fedplan::kube::testing {

// Wraps a transport and logs "METHOD /path?query" of every request that goes on the wire.
class CountingTransport : public HttpTransport {
 public:
  explicit CountingTransport(std::unique_ptr<HttpTransport> inner) : inner_(std::move(inner)) {}
  HttpResponse send(const HttpRequest& request) override;

  std::vector<std::string> log();
  // Requests whose line starts with `prefix` ("GET /api/v1/namespaces/a/configmaps?").
  int count(const std::string& prefix);
  void clear();

 private:
  std::unique_ptr<HttpTransport> inner_;
  std::mutex mu_;
  std::vector<std::string> log_;
};

// The system clock, recording every sleep.
class RecordingClock : public Clock {
 public:
  time_point now() override { return std::chrono::system_clock::now(); }
  void sleep_for(duration d) override;
  std::vector<duration> sleeps();

 private:
  std::mutex mu_;
  std::vector<duration> sleeps_;
};

// A provider configured from `provider_config` whose transport is counted into *counting
// (set once configure has built it). Short polls and fast retries for tests.
struct LiveProvider {
  std::unique_ptr<Provider> provider;
  std::shared_ptr<CountingTransport*> counting = std::make_shared<CountingTransport*>(nullptr);
  std::shared_ptr<RecordingClock> clock = std::make_shared<RecordingClock>();
  Diagnostics configure_diags;

  CountingTransport& wire() { return **counting; }
};
std::unique_ptr<LiveProvider> live_provider(const Value& provider_config);

// The JSON body of an HTTP call made outside the provider, e.g. by "another field manager".
struct RawReply {
  int status = 0;
  nlohmann::json body;
};
RawReply raw_call(const std::string& kubeconfig, const std::string& method,
                  const std::string& path_and_query, const std::string& body = "",
                  const std::string& content_type = "application/json");

// Sets the sandbox's fault rules (the admin endpoint); clears them when the guard dies.
class FaultGuard {
 public:
  FaultGuard(std::string kubeconfig, const nlohmann::json& faults);
  ~FaultGuard();

 private:
  std::string kubeconfig_;
};

}  // namespace fedplan::kube::testing
