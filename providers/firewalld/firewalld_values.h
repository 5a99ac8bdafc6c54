// Validation of every value the firewalld provider puts on a command line: zone, port, protocol,
// service, source, interface, target, description, and the ssh host, user and paths.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fedplan::firewalld {

// A port or an inclusive range of ports as firewall-cmd writes it ("31000", "30000-30010").
struct PortRange {
  int lo = 0;
  int hi = 0;

  std::string text() const;  // "31000" when lo == hi, otherwise "lo-hi"
  bool contains(const PortRange& other) const { return lo <= other.lo && other.hi <= hi; }
  bool operator==(const PortRange&) const = default;
};

// Each check returns an empty string when the value is acceptable, otherwise the reason
// ("must be 1 to 17 letters, digits, '_' or '-'"), written to follow the quoted value.
std::string check_zone_name(std::string_view s);
std::string check_protocol(std::string_view s);
std::string check_service_name(std::string_view s);
std::string check_source(std::string_view s);     // IPv4/IPv6 address or CIDR
std::string check_interface(std::string_view s);  // a Linux interface name
std::string check_target(std::string_view s);     // default | ACCEPT | DROP | REJECT
std::string check_description(std::string_view s);
std::string check_ssh_host(std::string_view s);  // host name, IPv4 or IPv6 address
std::string check_ssh_user(std::string_view s);
std::string check_file_path(std::string_view s);  // identity_file, known_hosts, programs

// "31000" or "30000-30010" (decimal, no sign, no leading zero, 1-65535, lo <= hi).
std::optional<PortRange> parse_port_range(std::string_view s, std::string* why);

}  // namespace fedplan::firewalld
