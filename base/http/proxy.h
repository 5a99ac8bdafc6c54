// ProxySettings: which HTTP proxy a request goes through, as Go's net/http decides it: one
// fixed proxy (kubeconfig proxy-url), or HTTPS_PROXY / HTTP_PROXY with NO_PROXY exceptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/http/url.h"

namespace fedplan {

// Where requests go. With `fixed` set every request goes through it (no exceptions, as
// client-go's proxy-url); otherwise https URLs use `https_proxy`, http URLs `http_proxy`,
// unless `no_proxy` or the loopback rule (localhost and loopback IPs never go through the
// environment's proxy) says the host is reached directly. Empty everything: always direct.
struct ProxySettings {
  std::string fixed;
  std::string http_proxy;
  std::string https_proxy;
  std::string no_proxy;

  bool empty() const {
    return fixed.empty() && http_proxy.empty() && https_proxy.empty() && no_proxy.empty();
  }
};

// A proxy to connect to: its URL (scheme http), and the Proxy-Authorization value when the
// proxy URL carried user:password@ ("" when not).
struct ProxyTarget {
  Url url;
  std::string authorization;
};

// Parses a proxy URL as Go does: a value with no scheme gets "http://"; user:password@ becomes
// Basic authorization. Only http proxies are supported: https:// and socks5:// proxies give an
// error saying so. nullopt and *err on failure.
std::optional<ProxyTarget> parse_proxy_url(std::string_view text, std::string* err);

// The proxy for a request to `target` (nullopt: connect directly). Sets *err and returns
// nullopt when the chosen proxy setting cannot be parsed.
std::optional<ProxyTarget> proxy_for(const ProxySettings& settings, const Url& target,
                                     std::string* err);

// Whether NO_PROXY says `target` is reached directly, by the rules of Go's httpproxy: entries
// split on commas; "*" matches everything; an IP or CIDR matches IP hosts ("10.0.0.1",
// "10.0.0.0/8", "[::1]:6443" with a port); "example.com" matches it and its subdomains,
// ".example.com" and "*.example.com" only subdomains; "host:port" only that port. Loopback IPs
// and "localhost" are always direct.
bool bypasses_proxy(std::string_view no_proxy, const Url& target);

}  // namespace fedplan
