// TestServer: a small HTTP/1.1 server on 127.0.0.1 (free port), plain or TLS, run by threads of
// the test process, whose replies a test scripts per request, including faults.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/http/http.h"

namespace fedplan::testing {

// A request as the server saw it.
struct TestRequest {
  std::string method;
  std::string target;
  HttpHeaders headers;
  std::string body;
  int connection = 0;           // 1-based id of the TCP connection it came on
  int index_on_connection = 0;  // 1 for the first request on that connection
  std::string client_cert_cn;   // CN of the verified client certificate, if any
};

// What to do with a request. By default a 200 with `body`, keeping the connection open as the
// client asked.
struct TestReply {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  std::string raw;                     // when set, written verbatim instead of a built reply
  std::chrono::milliseconds delay{0};  // wait this long first (cut short when the server stops)
  bool drop = false;                   // close the connection without replying
  bool close_after = false;            // close after replying, without saying so
};

using TestHandler = std::function<TestReply(const TestRequest&)>;

// TLS settings of the server. With client_ca_pem set, a client certificate signed by it is
// required.
struct TestServerTls {
  std::string cert_pem;
  std::string key_pem;
  std::string client_ca_pem;
};

// The server; starts listening in the constructor, stops in stop() or the destructor. The handler
// is called from one thread per connection, so it must be thread-safe.
class TestServer {
 public:
  explicit TestServer(TestHandler handler, std::optional<TestServerTls> tls = std::nullopt);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  uint16_t port() const;
  // "http://127.0.0.1:PORT" + target (https when TLS).
  std::string url(const std::string& target = "/") const;
  int connections() const;  // TCP connections accepted so far
  int requests() const;     // requests read so far
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A port on 127.0.0.1 that nothing listens on (bound, then released).
uint16_t unused_local_port();

}  // namespace fedplan::testing
