// The name and label rules of k8s.io/apimachinery/pkg/util/validation, with its messages.
#include "base/kube/names.h"

namespace fedplan::kube {

namespace {
bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool alnum(char c) {
  return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

// The label pattern; RFC 1123 labels are also at most 63 long, but a subdomain's parts are not
// held to that (IsDNS1123Subdomain checks only the pattern and 253 in all).
bool label_pattern(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!lower_alnum(c) && c != '-') return false;
  return lower_alnum(s.front()) && lower_alnum(s.back());
}

bool is_label(const std::string& s) {
  return s.size() <= 63 && label_pattern(s);
}
}  // namespace

std::string check_dns1123_subdomain(const std::string& s) {
  if (s.size() > 253) return "must be no more than 253 characters";
  size_t start = 0;
  bool ok = !s.empty();
  while (ok && start <= s.size()) {
    size_t dot = s.find('.', start);
    std::string part = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!label_pattern(part)) ok = false;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (ok) return "";
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
         "'-' or '.', and must start and end with an alphanumeric character (e.g. "
         "'example.com', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

std::string check_dns1123_label(const std::string& s) {
  if (is_label(s)) return "";
  if (s.size() > 63) return "must be no more than 63 characters";
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
         "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
         "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
}

std::string check_dns1035_label(const std::string& s) {
  if (is_label(s) && s[0] >= 'a' && s[0] <= 'z') return "";
  if (s.size() > 63) return "must be no more than 63 characters";
  return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
         "with an alphabetic character, and end with an alphanumeric character (e.g. "
         "'my-name',  or 'abc-123', regex used for validation is "
         "'[a-z]([-a-z0-9]*[a-z0-9])?')";
}

std::string check_label_value(const std::string& s) {
  if (s.empty()) return "";
  if (s.size() > 63) return "must be no more than 63 characters";
  bool ok = alnum(s.front()) && alnum(s.back());
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') ok = false;
  if (ok) return "";
  return "a valid label must be an empty string or consist of alphanumeric characters, '-', "
         "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
         "or 'my_value',  or '12345', regex used for validation is "
         "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
}

std::string check_label_key(const std::string& s) {
  std::string name = s;
  size_t slash = s.find('/');
  if (slash != std::string::npos) {
    std::string prefix = s.substr(0, slash);
    name = s.substr(slash + 1);
    if (std::string e = check_dns1123_subdomain(prefix); !e.empty()) return "prefix part " + e;
  }
  bool ok = !name.empty() && name.size() <= 63 && alnum(name.front()) && alnum(name.back());
  for (char c : name)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') ok = false;
  if (ok) return "";
  return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
         "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
         "'123-abc', regex used for validation is "
         "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
}

}  // namespace fedplan::kube
