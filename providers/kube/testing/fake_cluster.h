// FakeCluster: an in-memory stand-in for a Kubernetes API server behind the HttpTransport seam,
// for unit tests: discovery, GET/LIST, server-side apply (naive merge, dry run), DELETE, and a
// hook to answer any request differently (faults, conflicts). Integration tests use the real
// fedplan-sandbox instead.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/http/http.h"
#include "providers/kube/kube_provider.h"
#include "providers/provider.h"

namespace fedplan::kube::testing {

// One served resource.
struct FakeResource {
  std::string api_version;
  std::string kind;
  std::string plural;
  bool namespaced = true;
};

class FakeCluster : public HttpTransport {
 public:
  FakeCluster();

  HttpResponse send(const HttpRequest& request) override;

  // Adds a served resource (e.g. after a CRD was "created").
  void serve(FakeResource r);
  // Stores an object as if someone else had created it; returns it with uid etc. filled in.
  nlohmann::json put(nlohmann::json object);
  // The stored object at apiVersion/kind/ns/name, or null.
  nlohmann::json object(const std::string& api_version, const std::string& kind,
                        const std::string& ns, const std::string& name);

  // Called on every request first; an answer replaces the normal handling.
  std::function<std::optional<HttpResponse>(const HttpRequest&)> intercept;
  // Called on every applied (or dry-run) object before it is stored or returned: server-side
  // defaulting and normalization.
  std::function<void(nlohmann::json&)> defaults;
  // Whether the server is "down" (every request fails with connection refused).
  bool down = false;

  // Requests seen: "METHOD path?query".
  std::vector<std::string> log();
  int count(const std::string& prefix);
  void clear_log();

 private:
  const FakeResource* find_plural(const std::string& api_version, const std::string& plural);
  const FakeResource* find_kind(const std::string& api_version, const std::string& kind);

  std::mutex mu_;
  std::vector<FakeResource> resources_;
  std::map<std::string, nlohmann::json> objects_;  // by "apiVersion/kind/ns/name"
  std::vector<std::string> log_;
  int next_uid_ = 1;
  int rv_ = 100;
};

// A JSON answer.
HttpResponse json_reply(int status, const nlohmann::json& body);
// A Kubernetes Status answer.
HttpResponse status_reply(int code, const std::string& reason, const std::string& message,
                          nlohmann::json details = nullptr);

// Options for an unconfigured kube provider whose transport is `cluster` and whose polls do not
// wait on `clock` (for engine tests, which configure it from a provider block).
KubeProviderOptions fake_provider_options(std::shared_ptr<FakeCluster> cluster, Clock& clock);

// A kube provider configured against `cluster` (host https://fake.test, token "t") with
// zero-delay polls on `clock`. Fails the test if configure fails.
std::unique_ptr<Provider> fake_provider(std::shared_ptr<FakeCluster> cluster, Clock& clock);

}  // namespace fedplan::kube::testing
