// Kubernetes name and label rules, with the API server's messages: object names (RFC 1123
// subdomains and labels, RFC 1035 labels), label keys and values. Shared by the sandbox, which
// enforces them, and the kube state backend, which checks the names it will use.
#pragma once

#include <string>

namespace fedplan::kube {

// "" when valid, else the API server's message for the rule.
std::string check_dns1123_subdomain(const std::string& s);
std::string check_dns1123_label(const std::string& s);
std::string check_dns1035_label(const std::string& s);
std::string check_label_key(const std::string& s);
std::string check_label_value(const std::string& s);

}  // namespace fedplan::kube
