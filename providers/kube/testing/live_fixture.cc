// Counting transport, recording clock, provider wiring and raw calls for live tests.
#include "providers/kube/testing/live_fixture.h"

#include <doctest/doctest.h>

#include <thread>

#include "base/http/beast_transport.h"
#include "base/http/url.h"
#include "base/kube/kubeconfig.h"

namespace fedplan::kube::testing {

HttpResponse CountingTransport::send(const HttpRequest& request) {
  std::optional<Url> url = parse_url(request.url);
  {
    std::lock_guard<std::mutex> lock(mu_);
    log_.push_back(request.method + " " + (url ? url->target : request.url));
  }
  return inner_->send(request);
}

std::vector<std::string> CountingTransport::log() {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

int CountingTransport::count(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const std::string& l : log_) n += l.rfind(prefix, 0) == 0;
  return n;
}

void CountingTransport::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  log_.clear();
}

void RecordingClock::sleep_for(duration d) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    sleeps_.push_back(d);
  }
  if (d.count() > 0) std::this_thread::sleep_for(d);
}

std::vector<Clock::duration> RecordingClock::sleeps() {
  std::lock_guard<std::mutex> lock(mu_);
  return sleeps_;
}

std::unique_ptr<LiveProvider> live_provider(const Value& provider_config) {
  auto lp = std::make_unique<LiveProvider>();
  KubeProviderOptions o;
  o.clock = lp->clock.get();
  o.first_poll = std::chrono::milliseconds(50);
  o.max_poll = std::chrono::milliseconds(200);
  o.kind_wait = std::chrono::milliseconds(5'000);
  o.retry.max_attempts = 10;
  o.retry.initial_backoff = std::chrono::milliseconds(20);
  o.retry.max_backoff = std::chrono::milliseconds(200);
  auto slot = lp->counting;
  o.transport_factory = [slot](const TlsConfig& tls, const BeastTransportOptions& bo,
                               std::string* err) -> std::unique_ptr<HttpTransport> {
    std::unique_ptr<HttpTransport> beast = make_beast_transport(tls, bo, err);
    if (!beast) return nullptr;
    auto c = std::make_unique<CountingTransport>(std::move(beast));
    *slot = c.get();
    return c;
  };
  lp->provider = make_kube_provider(o);
  lp->configure_diags = lp->provider->configure(provider_config);
  return lp;
}

RawReply raw_call(const std::string& kubeconfig, const std::string& method,
                  const std::string& path_and_query, const std::string& body,
                  const std::string& content_type) {
  KubeconfigResult k = load_kubeconfig(kubeconfig, "");
  REQUIRE_MESSAGE(k.ok(), k.error);
  std::string err;
  std::unique_ptr<HttpTransport> t = make_beast_transport(k.access.tls, {}, &err);
  REQUIRE_MESSAGE(t, err);
  HttpRequest req;
  req.method = method;
  req.url = k.access.server + path_and_query;
  req.headers.set("Authorization", "Bearer " + k.access.token);
  req.headers.set("Accept", "application/json");
  if (!body.empty()) req.headers.set("Content-Type", content_type);
  req.body = body;
  HttpResponse resp = t->send(req);
  REQUIRE_MESSAGE(!resp.transport_failed(), resp.error_message);
  RawReply r;
  r.status = resp.status;
  r.body = nlohmann::json::parse(resp.body, nullptr, false);
  return r;
}

FaultGuard::FaultGuard(std::string kubeconfig, const nlohmann::json& faults)
    : kubeconfig_(std::move(kubeconfig)) {
  RawReply r = raw_call(kubeconfig_, "PUT", "/sandbox/v1/faults", faults.dump());
  REQUIRE_MESSAGE(r.status == 200, r.body.dump());
}

FaultGuard::~FaultGuard() {
  raw_call(kubeconfig_, "DELETE", "/sandbox/v1/faults");
}

}  // namespace fedplan::kube::testing
