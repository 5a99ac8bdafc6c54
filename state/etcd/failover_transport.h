// FailoverTransport: sends each request to one of several equivalent servers (the members of
// an etcd cluster), moving on to the next when one cannot be reached.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "base/http/http.h"

namespace fedplan {

// An HttpTransport over servers that all answer the same requests. A request's url is a path
// ("/v3/kv/range"); each send tries the servers in turn, starting with the one that answered
// last, and goes on to the next only when the connection could not be made (nothing was
// sent). A server that timed out, dropped the connection or answered 503 is still returned as
// it is (the RetryingTransport above decides whether to send again), but the next send starts
// with the server after it. This is endpoint choice, not a retry: it sends at most once to
// each server. Thread-safe if `inner` is.
class FailoverTransport : public HttpTransport {
 public:
  FailoverTransport(std::vector<std::string> endpoints, std::shared_ptr<HttpTransport> inner);

  HttpResponse send(const HttpRequest& request) override;

  // The server the next send starts with (for tests and messages).
  const std::string& current() const { return endpoints_[current_.load() % endpoints_.size()]; }

 private:
  std::vector<std::string> endpoints_;  // "http://127.0.0.1:2379", no trailing slash
  std::shared_ptr<HttpTransport> inner_;
  std::atomic<size_t> current_{0};
};

}  // namespace fedplan
