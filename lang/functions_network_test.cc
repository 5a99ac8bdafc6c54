// Tests for cidrhost, cidrnetmask, cidrsubnet and cidrsubnets: IPv4 and IPv6 results as
// Terraform prints them, and its errors.
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

namespace {
std::string error_of(const char* name, std::vector<Value> args) {
  return call(name, std::move(args)).error;
}
}  // namespace

TEST_CASE("cidrhost numbers hosts from the start, or from the end when negative") {
  CHECK(eval("cidrhost", {str("10.0.0.0/24"), num(5)}) == str("10.0.0.5"));
  CHECK(eval("cidrhost", {str("10.0.0.0/24"), num(-1)}) == str("10.0.0.255"));
  CHECK(eval("cidrhost", {str("10.0.0.0/24"), num(-256)}) == str("10.0.0.0"));
  CHECK(eval("cidrhost", {str("10.0.0.7/24"), num(1)}) == str("10.0.0.1"));
  CHECK(eval("cidrhost", {str("010.0.0.0/024"), num(1)}) == str("10.0.0.1"));
  CHECK(eval("cidrhost", {str("0.0.0.0/0"), num(4294967295.0)}) == str("255.255.255.255"));
  CHECK(eval("cidrhost", {str("FD00::/64"), num(10)}) == str("fd00::a"));
  CHECK(eval("cidrhost", {str("fd00::/64"), num(-1)}) == str("fd00::ffff:ffff:ffff:ffff"));
  CHECK(eval("cidrhost", {str("fd00::/64"), num(4294967296.0)}) == str("fd00::1:0:0"));
  CHECK(eval("cidrhost", {str("::/0"), num(-1)}) == str("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
}

TEST_CASE("IPv6 addresses print as Go prints them") {
  CHECK(eval("cidrhost", {str("fd00:0:0:0:1:0:0:0/128"), num(0)}) == str("fd00::1:0:0:0"));
  CHECK(eval("cidrhost", {str("2001:db8::1:0:0:1/128"), num(0)}) == str("2001:db8::1:0:0:1"));
  CHECK(eval("cidrhost", {str("2001:db8:0:1:1:1:1:1/128"), num(0)}) == str("2001:db8:0:1:1:1:1:1"));
}

TEST_CASE("cidrhost refuses hosts outside the network and malformed prefixes") {
  CHECK(error_of("cidrhost", {str("10.0.0.0/24"), num(256)}) ==
        "Call to function \"cidrhost\" failed: prefix of 24 does not accommodate a host "
        "numbered 256.");
  CHECK(error_of("cidrhost", {str("10.0.0.0/24"), num(-257)}).find("host numbered -1.") !=
        std::string::npos);
  CHECK(error_of("cidrhost", {str("10.0.0.0/33"), num(1)}) ==
        "Call to function \"cidrhost\" failed: invalid CIDR expression: invalid CIDR address: "
        "10.0.0.0/33.");
  CHECK(error_of("cidrhost", {str("10.0.0.0"), num(1)}).find("invalid CIDR address") !=
        std::string::npos);
  CHECK(error_of("cidrhost", {str(" 10.0.0.0/24"), num(1)}).find("invalid CIDR address") !=
        std::string::npos);
  CHECK(error_of("cidrhost", {str("10.0.0.0/24"), num(1.5)}).find("whole number") !=
        std::string::npos);
}

TEST_CASE("cidrnetmask gives an IPv4 netmask") {
  CHECK(eval("cidrnetmask", {str("10.0.0.0/22")}) == str("255.255.252.0"));
  CHECK(eval("cidrnetmask", {str("10.0.0.0/0")}) == str("0.0.0.0"));
  CHECK(eval("cidrnetmask", {str("10.0.0.0/32")}) == str("255.255.255.255"));
  CHECK(error_of("cidrnetmask", {str("fd00::/64")}) ==
        "Call to function \"cidrnetmask\" failed: IPv6 addresses cannot have a netmask: "
        "fd00::/64.");
}

TEST_CASE("cidrsubnet extends the prefix and numbers the subnet") {
  CHECK(eval("cidrsubnet", {str("10.0.0.0/16"), num(8), num(2)}) == str("10.0.2.0/24"));
  CHECK(eval("cidrsubnet", {str("10.1.2.3/16"), num(8), num(2)}) == str("10.1.2.0/24"));
  CHECK(eval("cidrsubnet", {str("10.0.0.0/16"), num(0), num(0)}) == str("10.0.0.0/16"));
  CHECK(eval("cidrsubnet", {str("fd00::/56"), num(8), num(255)}) == str("fd00:0:0:ff::/64"));
  CHECK(eval("cidrsubnet", {str("fd00::/56"), num(72), num(1)}) == str("fd00::1/128"));
  CHECK(error_of("cidrsubnet", {str("10.0.0.0/16"), num(8), num(256)}) ==
        "Call to function \"cidrsubnet\" failed: prefix extension of 8 does not accommodate a "
        "subnet numbered 256.");
  CHECK(error_of("cidrsubnet", {str("10.0.0.0/16"), num(17), num(0)}) ==
        "Call to function \"cidrsubnet\" failed: insufficient address space to extend prefix "
        "of 16 by 17.");
  CHECK(error_of("cidrsubnet", {str("10.0.0.0/16"), num(8), num(-1)}).find("numbered -1") !=
        std::string::npos);
}

TEST_CASE("cidrsubnets allocates consecutive subnets, aligned to each size") {
  CHECK(debug_string(eval("cidrsubnets", {str("10.0.0.0/16"), num(4), num(4), num(8)})) ==
        "[\"10.0.0.0/20\", \"10.0.16.0/20\", \"10.0.32.0/24\"]");
  CHECK(debug_string(eval("cidrsubnets", {str("10.0.0.0/16"), num(8), num(4)})) ==
        "[\"10.0.0.0/24\", \"10.0.16.0/20\"]");
  CHECK(debug_string(eval("cidrsubnets", {str("fd00::/56"), num(16), num(8)})) ==
        "[\"fd00::/72\", \"fd00:0:0:1::/64\"]");
  CHECK(eval("cidrsubnets", {str("10.0.0.0/16")}).size() == 0);
}

TEST_CASE("cidrsubnets refuses extensions that do not fit") {
  FunctionResult r = call("cidrsubnets", {str("10.0.0.0/30"), num(1), num(1), num(1)});
  CHECK(r.error_arg == 3);
  CHECK(r.error ==
        "Invalid value for \"newbits\" parameter: not enough remaining address space for a "
        "subnet with a prefix of 31 bits after 10.0.0.2/31.");
  CHECK(error_of("cidrsubnets", {str("10.0.0.0/16"), num(17)}) ==
        "Invalid value for \"newbits\" parameter: would extend prefix to 33 bits, which is too "
        "long for an IPv4 address.");
  CHECK(error_of("cidrsubnets", {str("10.0.0.0/16"), num(4), num(0)}) ==
        "Invalid value for \"newbits\" parameter: must extend prefix by at least one bit.");
  CHECK(error_of("cidrsubnets", {str("fd00::/56"), num(33)}) ==
        "Invalid value for \"newbits\" parameter: may not extend prefix by more than 32 bits.");
}
