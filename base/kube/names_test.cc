// The name rules against the cases kube-apiserver decides.
#include "base/kube/names.h"

#include <doctest/doctest.h>

namespace fedplan::kube {

TEST_CASE("an object name is a subdomain of up to 253 characters, labels of any length in it") {
  CHECK(check_dns1123_subdomain("fedplan-state-default-mesh") == "");
  CHECK(check_dns1123_subdomain(std::string(100, 'a')) == "");  // one 100-character label
  CHECK(check_dns1123_subdomain("a." + std::string(70, 'b') + ".c") == "");
  CHECK(check_dns1123_subdomain(std::string(254, 'a')) == "must be no more than 253 characters");
  CHECK(check_dns1123_subdomain("Upper").rfind("a lowercase RFC 1123 subdomain", 0) == 0);
  CHECK(check_dns1123_subdomain("a..b") != "");
  CHECK(check_dns1123_label(std::string(64, 'a')) == "must be no more than 63 characters");
  CHECK(check_label_value(std::string(64, 'a')) == "must be no more than 63 characters");
  CHECK(check_label_key("example.com/" + std::string(63, 'k')) == "");
}

}  // namespace fedplan::kube
