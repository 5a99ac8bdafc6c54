// Validation of the firewalld provider's values. Each rule is as tight as firewalld (or ssh)
// allows, so nothing unexpected ever reaches firewall-cmd or a remote shell.
#include "providers/firewalld/firewalld_values.h"

#include <arpa/inet.h>

namespace fedplan::firewalld {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Parses a decimal number without sign or leading zero; -1 when it is not one or too long.
int parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 5) return -1;
  if (s.size() > 1 && s[0] == '0') return -1;
  int n = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool only_chars(std::string_view s, std::string_view extra) {
  for (char c : s)
    if (!is_alnum(c) && extra.find(c) == std::string_view::npos) return false;
  return true;
}

bool is_ip(const std::string& s, int family) {
  unsigned char buf[16];
  return inet_pton(family, s.c_str(), buf) == 1;
}

}  // namespace

std::string PortRange::text() const {
  return lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi);
}

std::optional<PortRange> parse_port_range(std::string_view s, std::string* why) {
  auto fail = [&](const char* msg) -> std::optional<PortRange> {
    if (why) *why = msg;
    return std::nullopt;
  };
  size_t dash = s.find('-');
  std::string_view a = s.substr(0, dash);
  std::string_view b = dash == std::string_view::npos ? a : s.substr(dash + 1);
  int lo = parse_decimal(a);
  int hi = parse_decimal(b);
  if (lo < 0 || hi < 0)
    return fail("must be a port number or a range such as \"30000-30010\" (decimal digits)");
  if (lo < 1 || lo > 65535 || hi < 1 || hi > 65535) return fail("ports must be 1 to 65535");
  if (lo > hi) return fail("a range must not end before it starts");
  return PortRange{lo, hi};
}

std::string check_zone_name(std::string_view s) {
  if (s.empty() || s.size() > 17 || !only_chars(s, "_-"))
    return "must be 1 to 17 letters, digits, '_' or '-' (firewalld's limit)";
  return {};
}

std::string check_protocol(std::string_view s) {
  if (s == "tcp" || s == "udp" || s == "sctp" || s == "dccp") return {};
  return "must be one of tcp, udp, sctp, dccp";
}

std::string check_service_name(std::string_view s) {
  if (s.empty() || s.size() > 64 || !is_alnum(s[0]) || !only_chars(s, "_.+-"))
    return "must be a firewalld service name: a letter or digit, then letters, digits, "
           "'_', '.', '+' or '-' (at most 64)";
  return {};
}

std::string check_source(std::string_view s) {
  const char* msg = "must be an IPv4 or IPv6 address or network in CIDR form (10.0.0.0/8)";
  if (s.empty() || s.size() > 64 || !only_chars(s, ".:/")) return msg;
  size_t slash = s.find('/');
  std::string addr(s.substr(0, slash));
  bool v4 = is_ip(addr, AF_INET);
  bool v6 = !v4 && is_ip(addr, AF_INET6);
  if (!v4 && !v6) return msg;
  if (slash != std::string_view::npos) {
    int prefix = parse_decimal(s.substr(slash + 1));
    if (prefix < 0 || prefix > (v4 ? 32 : 128)) return msg;
  }
  return {};
}

std::string check_interface(std::string_view s) {
  if (s.empty() || s.size() > 15 || !(is_alnum(s[0]) || s[0] == '_') || !only_chars(s, "_.-"))
    return "must be a network interface name: 1 to 15 letters, digits, '_', '.' or '-', "
           "not starting with '.' or '-'";
  return {};
}

std::string check_target(std::string_view s) {
  if (s == "default" || s == "ACCEPT" || s == "DROP" || s == "REJECT") return {};
  return "must be one of default, ACCEPT, DROP, REJECT";
}

std::string check_description(std::string_view s) {
  if (s.size() > 1024) return "must be at most 1024 bytes";
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return "must not contain control characters such as newlines";
  return {};
}

std::string check_ssh_host(std::string_view s) {
  const char* msg = "must be a host name, an IPv4 address or an IPv6 address";
  if (s.empty() || s.size() > 253) return msg;
  std::string str(s);
  if (s.find(':') != std::string_view::npos) return is_ip(str, AF_INET6) ? "" : msg;
  // Host names (and ssh_config aliases): dot-separated labels of letters, digits, '_' and
  // '-', none starting or ending with '-', so a host can never be read as an ssh option.
  size_t start = 0;
  while (start <= s.size()) {
    size_t dot = s.find('.', start);
    std::string_view label =
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
        !only_chars(label, "_-"))
      return msg;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return {};
}

std::string check_ssh_user(std::string_view s) {
  if (s.empty() || s.size() > 32 || !(is_alnum(s[0]) || s[0] == '_') || !only_chars(s, "_.-"))
    return "must be a user name: letters, digits, '_', '.' or '-', not starting with '.' or '-'";
  return {};
}

std::string check_file_path(std::string_view s) {
  // ssh reads -o values as config lines and expands % and ~ in them: keep paths plain.
  if (s.empty() || s.size() > 4096 || s[0] == '-' || !only_chars(s, "/._+,@-"))
    return "must be a path of letters, digits and / . _ + , @ - (not starting with '-')";
  return {};
}

}  // namespace fedplan::firewalld
