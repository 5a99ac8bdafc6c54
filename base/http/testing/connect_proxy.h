// ConnectProxy: a small HTTP CONNECT proxy on 127.0.0.1 for tests, which counts the tunnels it
// opened and can send a host name of its choosing (one that does not resolve) to a local port.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fedplan::testing {

// What the proxy does. `routes` maps a "host:port" a client asks for to the "127.0.0.1:port"
// it really reaches (others are connected to as asked). With `required_authorization` set, a
// CONNECT without that Proxy-Authorization value gets 407.
struct ConnectProxyOptions {
  std::map<std::string, std::string> routes;
  std::string required_authorization;
};

// Listens from the constructor until stop() or the destructor; one thread per tunnel.
class ConnectProxy {
 public:
  explicit ConnectProxy(ConnectProxyOptions options = {});
  ~ConnectProxy();
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT"
  int tunnels() const;      // CONNECTs answered 200 so far
  int refused() const;      // CONNECTs answered with an error
  // The targets of the CONNECTs ("host:port"), in order.
  std::vector<std::string> targets() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fedplan::testing
