// Server: HTTPS on loopback in front of an Api (Boost.Beast, one thread, timers for delays
// and watches, a periodic tick for deferred cluster work). Beast stays inside server.cc.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/certs.h"
#include "sandbox/api.h"

namespace fedplan::sandbox {

// Where to listen and with what identity.
struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: a free port
  CertKey serving;    // the serving certificate and key
  std::chrono::milliseconds tick_interval{100};
  std::chrono::milliseconds watch_poll{100};
  // When set, one line per request ("GET /api/v1/namespaces 200") is written here.
  std::function<void(const std::string&)> log;
};

class Server {
 public:
  Server(Api& api, Cluster& cluster, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; false and *err on failure. port() is known afterwards.
  bool listen(std::string* err);
  uint16_t port() const;
  // Serves until stop(); call from one thread.
  void run();
  // Stops serving; safe from any thread and from signal-handling code paths of run().
  void stop();
  // Called on the serving thread after a tick that found the cluster's state changed.
  void on_change(std::function<void()> fn);
  // Stops on SIGINT/SIGTERM (for the binary).
  void stop_on_signals();

  struct Impl;  // the Beast machinery, defined in server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fedplan::sandbox
