// The real HttpTransport over Boost.Beast and OpenSSL, with a keep-alive connection pool.
// This header only names a factory; Beast and Asio stay inside beast_transport.cc.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "base/http/http.h"
#include "base/http/proxy.h"
#include "base/http/tls_config.h"

namespace fedplan {

// Tunables of the Beast transport. The defaults suit a Kubernetes API server.
struct BeastTransportOptions {
  // TCP connect plus TLS handshake.
  std::chrono::milliseconds connect_timeout{10'000};
  // Writing the request and reading the whole response, unless the request sets its own.
  std::chrono::milliseconds request_timeout{60'000};
  // A pooled connection idle longer than this is closed instead of reused.
  std::chrono::milliseconds idle_timeout{60'000};
  // Idle connections kept per (scheme, host, port); more are closed after use.
  size_t max_idle_per_host = 16;
  // Responses with a larger body fail with HttpError::Protocol.
  size_t max_body_bytes = 256u << 20;
  // Sent unless the request sets its own User-Agent.
  std::string user_agent = "fedplan/0.1";
  // Which requests go through an HTTP proxy: https ones through a CONNECT tunnel (TLS to the
  // server inside it, SNI and verification as without a proxy), http ones in absolute form.
  ProxySettings proxy;
};

// Builds the transport. Returns nullptr and sets *err when the TLS material cannot be loaded
// (unreadable CA file, bad PEM, key not matching the certificate).
std::unique_ptr<HttpTransport> make_beast_transport(const TlsConfig& tls,
                                                    const BeastTransportOptions& options,
                                                    std::string* err);

}  // namespace fedplan
