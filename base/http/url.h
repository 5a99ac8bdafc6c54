// URL parsing for the HTTP transport, and percent-encoding for query strings.
// Only what clients of Kubernetes, Octavia, Keystone and etcd need: no userinfo, no IDNA.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedplan {

// An absolute URL split for connecting: `host` has no brackets even when it is IPv6,
// `target` is path plus "?query" (never empty, at least "/"), the fragment is dropped.
struct Url {
  std::string scheme;  // lowercase: "http", "https", ...
  std::string host;    // DNS names lowercased; IPv6 literal without [ ]
  uint16_t port = 0;   // the explicit port, or the scheme's default
  std::string target;  // "/api/v1/namespaces?limit=5"
  bool ipv6 = false;   // host was written in brackets

  // host or [host], with ":port" only when it is not the scheme's default (the Host header).
  std::string authority() const;
  // scheme://host:port with the port always written (a connection pool key).
  std::string origin() const;
  // The whole URL again, normalised.
  std::string str() const;
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// 80 for http, 443 for https, 0 for anything else.
uint16_t default_port(std::string_view scheme);

// Parses an absolute URL. On failure returns nullopt and sets *err (if given) to a sentence
// naming the problem ("URL has no host: https:///x").
std::optional<Url> parse_url(std::string_view text, std::string* err = nullptr);

// Whether `host` is an IPv4 dotted quad or an IPv6 literal (no brackets).
bool is_ip_literal(std::string_view host);

// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
// With keep_slash, '/' stays as is (for path segments joined by the caller).
std::string url_encode(std::string_view s, bool keep_slash = false);

// Decodes %XX escapes (and '+' as space when plus_is_space). nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space = true);

// "a=1&b=x%20y" from ordered pairs; keys and values are encoded.
std::string encode_query(const QueryParams& params);

// Splits and decodes "a=1&b=x%20y"; a key without '=' gets an empty value. Bad escapes are kept
// verbatim rather than failing, as servers do.
QueryParams parse_query(std::string_view query);

// Appends encoded params to a URL or target, with '?' or '&' as needed. Empty params: unchanged.
std::string append_query(std::string url, const QueryParams& params);

}  // namespace fedplan
