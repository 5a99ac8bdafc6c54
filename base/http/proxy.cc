// Proxy choice as Go's golang.org/x/net/http/httpproxy makes it, and proxy URL parsing.
#include "base/http/proxy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include "base/base64.h"

namespace fedplan {
namespace {

std::string lower_trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  std::string out = b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// An IPv4 or IPv6 address as 16 bytes (IPv4 as ::ffff:a.b.c.d, as Go's net.IP).
std::optional<std::array<unsigned char, 16>> parse_ip(const std::string& s) {
  std::array<unsigned char, 16> out{};
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

const unsigned char kV4Prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_v4(const std::array<unsigned char, 16>& ip) {
  return std::memcmp(ip.data(), kV4Prefix, 12) == 0;
}

bool is_loopback(const std::array<unsigned char, 16>& ip) {
  if (is_v4(ip)) return ip[12] == 127;
  for (int i = 0; i < 15; ++i)
    if (ip[i] != 0) return false;
  return ip[15] == 1;
}

// "10.0.0.0/8" or "fd00::/8" containing `ip`; nullopt when `entry` is not a CIDR.
std::optional<bool> cidr_contains(const std::string& entry,
                                  const std::optional<std::array<unsigned char, 16>>& ip) {
  size_t slash = entry.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::string addr = entry.substr(0, slash);
  std::string bits_text = entry.substr(slash + 1);
  std::optional<std::array<unsigned char, 16>> net = parse_ip(addr);
  if (!net || bits_text.empty() || bits_text.size() > 3 ||
      bits_text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int bits = std::stoi(bits_text);
  bool v4 = addr.find(':') == std::string::npos;
  if (bits > (v4 ? 32 : 128)) return std::nullopt;
  if (v4) bits += 96;
  if (!ip) return false;
  // An IPv4 network never contains an IPv6 host and the other way round (Go: To4 checks).
  if (is_v4(*ip) != v4) return false;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if (((*ip)[i] & mask) != ((*net)[i] & mask)) return false;
  }
  return true;
}

}  // namespace

std::optional<ProxyTarget> parse_proxy_url(std::string_view text, std::string* err) {
  std::string s(text);
  size_t scheme_end = s.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : lower_trim(s.substr(0, scheme_end));
  if (scheme == "https" || scheme == "socks5" || scheme == "socks5h") {
    *err = "proxy " + s + ": " + scheme +
           " proxies are not supported by fedplan (use an http:// proxy, which tunnels https "
           "with CONNECT)";
    return std::nullopt;
  }
  if (scheme != "http") s = "http://" + s;  // Go's parseProxy: a bare host:port is http
  ProxyTarget t;
  size_t host_start = s.find("://") + 3;
  size_t path_start = s.find_first_of("/?#", host_start);
  std::string authority = s.substr(
      host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    std::optional<std::string> decoded = url_decode(userinfo, false);
    if (!decoded) {
      *err = "proxy URL has a bad %-escape in its user name or password";
      return std::nullopt;
    }
    t.authorization = "Basic " + base64_encode(*decoded);
    s = s.substr(0, host_start) + s.substr(host_start + at + 1);
  }
  std::string why;
  std::optional<Url> u = parse_url(s, &why);
  if (!u) {
    *err = "proxy URL is not valid: " + why;
    return std::nullopt;
  }
  t.url = *u;
  return t;
}

bool bypasses_proxy(std::string_view no_proxy, const Url& target) {
  std::string host = lower_trim(target.host);
  std::string port = std::to_string(target.port);
  if (host == "localhost") return true;
  std::optional<std::array<unsigned char, 16>> ip = parse_ip(host);
  if (ip && is_loopback(*ip)) return true;
  size_t start = 0;
  while (start <= no_proxy.size()) {
    size_t comma = no_proxy.find(',', start);
    std::string entry = lower_trim(no_proxy.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    start = comma == std::string_view::npos ? no_proxy.size() + 1 : comma + 1;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (std::optional<bool> in = cidr_contains(entry, ip)) {
      if (*in) return true;
      continue;
    }
    // host:port, [v6]:port, or a bare host / IPv6 literal.
    std::string ehost = entry, eport;
    if (entry[0] == '[') {
      size_t close = entry.find(']');
      if (close == std::string::npos) continue;
      ehost = entry.substr(1, close - 1);
      if (close + 1 < entry.size() && entry[close + 1] == ':') eport = entry.substr(close + 2);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      size_t colon = entry.find(':');
      ehost = entry.substr(0, colon);
      eport = entry.substr(colon + 1);
    }
    if (ehost.empty()) continue;  // ":80" is malformed; Go ignores it
    if (std::optional<std::array<unsigned char, 16>> eip = parse_ip(ehost)) {
      if (ip && *ip == *eip && (eport.empty() || eport == port)) return true;
      continue;
    }
    if (ehost.rfind("*.", 0) == 0) ehost = ehost.substr(1);
    bool match_host = ehost[0] != '.';
    if (match_host) ehost = "." + ehost;
    bool ends = host.size() >= ehost.size() &&
                host.compare(host.size() - ehost.size(), ehost.size(), ehost) == 0;
    if ((ends || (match_host && host == ehost.substr(1))) && (eport.empty() || eport == port))
      return true;
  }
  return false;
}

std::optional<ProxyTarget> proxy_for(const ProxySettings& settings, const Url& target,
                                     std::string* err) {
  err->clear();
  if (!settings.fixed.empty()) return parse_proxy_url(settings.fixed, err);
  const std::string& chosen = target.scheme == "https"  ? settings.https_proxy
                              : target.scheme == "http" ? settings.http_proxy
                                                        : settings.fixed;
  if (chosen.empty() || bypasses_proxy(settings.no_proxy, target)) return std::nullopt;
  return parse_proxy_url(chosen, err);
}

}  // namespace fedplan
