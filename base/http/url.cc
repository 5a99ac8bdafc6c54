// URL parsing and percent-encoding; see url.h for what is and is not supported.
// Hand-written (no regex) so error messages can say exactly which part is wrong.
#include "base/http/url.h"

#include <arpa/inet.h>

#include <cctype>

namespace fedplan {

namespace {

bool fail(std::string* err, std::string message, std::string_view text) {
  if (err) *err = message + ": " + std::string(text);
  return false;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

uint16_t default_port(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return 0;
}

std::string Url::authority() const {
  std::string out = ipv6 ? "[" + host + "]" : host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string Url::origin() const {
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Url::str() const {
  return scheme + "://" + authority() + target;
}

bool is_ip_literal(std::string_view host) {
  std::string h(host);
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

std::optional<Url> parse_url(std::string_view text, std::string* err) {
  Url url;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    fail(err, "URL has no scheme (expected http:// or https://)", text);
    return std::nullopt;
  }
  for (char c : text.substr(0, sep)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      fail(err, "URL scheme has invalid characters", text);
      return std::nullopt;
    }
  }
  url.scheme = lowercase(text.substr(0, sep));
  std::string_view rest = text.substr(sep + 3);
  size_t auth_end = rest.find_first_of("/?#");
  std::string_view auth = rest.substr(0, auth_end);
  std::string_view tail = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);
  if (auth.find('@') != std::string_view::npos) {
    fail(err, "URL must not carry credentials (user@host)", text);
    return std::nullopt;
  }

  std::string_view port_text;
  if (!auth.empty() && auth[0] == '[') {
    size_t close = auth.find(']');
    if (close == std::string_view::npos) {
      fail(err, "URL has an unclosed '[' in its IPv6 host", text);
      return std::nullopt;
    }
    url.host = lowercase(auth.substr(1, close - 1));
    url.ipv6 = true;
    std::string_view after = auth.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        fail(err, "URL has text after the IPv6 host", text);
        return std::nullopt;
      }
      port_text = after.substr(1);
      if (port_text.empty()) port_text = "-";  // "[::1]:" is an error, not a default
    }
    std::string h = url.host;
    unsigned char buf[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET6, h.c_str(), buf) != 1) {
      fail(err, "URL has an invalid IPv6 address", text);
      return std::nullopt;
    }
  } else {
    size_t colon = auth.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = auth.substr(colon + 1);
      if (port_text.empty()) port_text = "-";
      auth = auth.substr(0, colon);
    }
    for (char c : auth) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') {
        fail(err, "URL host has invalid characters", text);
        return std::nullopt;
      }
    }
    url.host = lowercase(auth);
  }
  if (url.host.empty()) {
    fail(err, "URL has no host", text);
    return std::nullopt;
  }

  if (!port_text.empty()) {
    unsigned long port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) {
        port = 0;
        break;
      }
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port == 0 || port > 65535) {
      fail(err, "URL has an invalid port (1-65535)", text);
      return std::nullopt;
    }
    url.port = static_cast<uint16_t>(port);
  } else {
    url.port = default_port(url.scheme);
    if (url.port == 0) {
      fail(err, "URL needs a port for scheme '" + url.scheme + "'", text);
      return std::nullopt;
    }
  }

  size_t hash = tail.find('#');
  if (hash != std::string_view::npos) tail = tail.substr(0, hash);
  url.target = std::string(tail);
  if (url.target.empty() || url.target[0] == '?') url.target.insert(0, "/");
  for (char c : url.target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      fail(err, "URL path has a space or control character (encode it)", text);
      return std::nullopt;
    }
  }
  return url;
}

std::string url_encode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string encode_query(const QueryParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += url_encode(k);
    out += '=';
    out += url_encode(v);
  }
  return out;
}

QueryParams parse_query(std::string_view query) {
  QueryParams out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view k = part.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? "" : part.substr(eq + 1);
    out.emplace_back(url_decode(k).value_or(std::string(k)),
                     url_decode(v).value_or(std::string(v)));
  }
  return out;
}

std::string append_query(std::string url, const QueryParams& params) {
  if (params.empty()) return url;
  size_t hash = url.find('#');
  std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  if (hash != std::string::npos) url.resize(hash);
  char joiner = url.find('?') == std::string::npos ? '?' : '&';
  if (!url.empty() && (url.back() == '?' || url.back() == '&')) joiner = 0;
  if (joiner) url += joiner;
  return url + encode_query(params) + fragment;
}

}  // namespace fedplan
