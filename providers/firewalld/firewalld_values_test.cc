// Tests of the firewalld provider's value checks: what firewalld accepts passes, and every
// hostile string (shell syntax, quotes, newlines, option-like words) is refused.
#include "providers/firewalld/firewalld_values.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace fedplan::firewalld {
namespace {

std::vector<std::string> hostile() {
  return {"a;b",      "$(id)",
          "`id`",     "a b",
          "a'b",      "a\"b",
          "a\nb",     "a\\b",
          "a|b",      "a&b",
          ">x",       "*",
          "--reload", "-oProxyCommand=x",
          "a$b",      "\t",
          "",         std::string("a\0b", 3)};
}

TEST_CASE("zone names follow firewalld's limit") {
  CHECK(check_zone_name("libvirt").empty());
  CHECK(check_zone_name("a_b-C9").empty());
  CHECK(check_zone_name("12345678901234567").empty());  // 17
  CHECK_FALSE(check_zone_name("123456789012345678").empty());
  for (const std::string& s : hostile())
    if (s != "--reload") CHECK_MESSAGE(!check_zone_name(s).empty(), s);
}

TEST_CASE("ports are 1-65535 and ranges do not run backwards") {
  std::string why;
  CHECK(parse_port_range("31000", &why)->text() == "31000");
  CHECK(parse_port_range("30000-30010", &why)->text() == "30000-30010");
  CHECK(parse_port_range("1", &why)->lo == 1);
  CHECK(parse_port_range("65535", &why)->hi == 65535);
  CHECK(parse_port_range("5-5", &why)->text() == "5");
  for (const char* bad : {"0", "65536", "99999", "-1", "+1", "031000", "1.5", "10-5", "1-", "-",
                          "1--2", "1-2-3", " 1", "1 ", "0x10", "100000", ""}) {
    CHECK_MESSAGE(!parse_port_range(bad, &why), bad);
    CHECK(!why.empty());
  }
  for (const std::string& s : hostile()) CHECK_FALSE(parse_port_range(s, nullptr));
}

TEST_CASE("protocols, services, targets") {
  for (const char* p : {"tcp", "udp", "sctp", "dccp"}) CHECK(check_protocol(p).empty());
  for (const char* p : {"TCP", "icmp", "xyz", "tcp;"}) CHECK_FALSE(check_protocol(p).empty());
  for (const char* s : {"ssh", "http", "RH-Satellite-6", "bitcoin-rpc", "ldaps", "a.b+c_d"})
    CHECK_MESSAGE(check_service_name(s).empty(), s);
  for (const std::string& s : hostile()) CHECK_MESSAGE(!check_service_name(s).empty(), s);
  for (const char* t : {"default", "ACCEPT", "DROP", "REJECT"}) CHECK(check_target(t).empty());
  for (const char* t : {"accept", "%%REJECT%%", "DROP;", ""}) CHECK_FALSE(check_target(t).empty());
}

TEST_CASE("sources are IP addresses or CIDR networks") {
  for (const char* s :
       {"10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1", "2001:db8::1/128", "0.0.0.0/0"})
    CHECK_MESSAGE(check_source(s).empty(), s);
  for (const char* s : {"10.0.0.0/33", "fd00::/129", "300.1.1.1", "10.0.0.0/", "10.0.0.0/08",
                        "ipset:x", "aa:bb:cc:dd:ee:ff", "example.com", "10.0.0.1 "})
    CHECK_MESSAGE(!check_source(s).empty(), s);
  for (const std::string& s : hostile()) CHECK_MESSAGE(!check_source(s).empty(), s);
}

TEST_CASE("interface names are what Linux allows, minus shell and option syntax") {
  for (const char* s : {"eth0", "virbr0", "br-ex", "enp0s31f6", "vlan.10", "_x"})
    CHECK_MESSAGE(check_interface(s).empty(), s);
  for (const char* s : {"1234567890123456", ".", "-x", "a/b", "a:b"})
    CHECK_MESSAGE(!check_interface(s).empty(), s);
  for (const std::string& s : hostile()) CHECK_MESSAGE(!check_interface(s).empty(), s);
}

TEST_CASE("descriptions are free text without control characters") {
  CHECK(check_description("a'b $(x) ; \"q\" `id`").empty());
  CHECK(check_description("").empty());
  CHECK_FALSE(check_description("two\nlines").empty());
  CHECK_FALSE(check_description("tab\there").empty());
  CHECK_FALSE(check_description(std::string(1025, 'x')).empty());
}

TEST_CASE("ssh hosts, users and paths cannot be read as options or shell") {
  for (const char* h :
       {"127.0.0.1", "localhost", "node-1.example.com", "::1", "fd00::5", "host_alias"})
    CHECK_MESSAGE(check_ssh_host(h).empty(), h);
  for (const char* h : {"-oProxyCommand=touch /tmp/x", "-p", "a..b", "a.", "-a.b", "a-.b",
                        "user@host", "host:22", "[::1]", "::1%lo", "1::2::3"})
    CHECK_MESSAGE(!check_ssh_host(h).empty(), h);
  for (const std::string& s : hostile()) CHECK_MESSAGE(!check_ssh_host(s).empty(), s);

  for (const char* u : {"root", "core", "svc-fw", "a.b", "_x"}) CHECK(check_ssh_user(u).empty());
  for (const char* u : {"-l", "root@x", ".x"}) CHECK_FALSE(check_ssh_user(u).empty());
  for (const std::string& s : hostile()) CHECK_MESSAGE(!check_ssh_user(s).empty(), s);

  for (const char* p : {"/tmp/fw/keys/id_ed25519", "firewall-cmd", "/usr/bin/firewall-cmd",
                        "keys/known_hosts", "a+b,c@d"})
    CHECK_MESSAGE(check_file_path(p).empty(), p);
  for (const char* p : {"-oX", "~/.ssh/id", "/tmp/%h", "/tmp/a b"})
    CHECK_MESSAGE(!check_file_path(p).empty(), p);
  for (const std::string& s : hostile()) CHECK_MESSAGE(!check_file_path(s).empty(), s);
}

}  // namespace
}  // namespace fedplan::firewalld
