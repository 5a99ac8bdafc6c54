// Helpers for the plain HTTP values: case-insensitive headers, idempotency, error names.
// Kept free of Boost so code that only builds requests does not pay for Beast.
#include "base/http/http.h"

#include <algorithm>

namespace fedplan {

namespace {
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

const std::string* HttpHeaders::find(std::string_view name) const {
  for (const auto& [k, v] : items) {
    if (iequals(k, name)) return &v;
  }
  return nullptr;
}

std::string HttpHeaders::get(std::string_view name) const {
  const std::string* v = find(name);
  return v ? *v : std::string();
}

void HttpHeaders::set(std::string name, std::string value) {
  remove(name);
  items.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::add(std::string name, std::string value) {
  items.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::remove(std::string_view name) {
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const auto& kv) { return iequals(kv.first, name); }),
              items.end());
}

std::string_view http_error_name(HttpError e) {
  switch (e) {
    case HttpError::None:
      return "none";
    case HttpError::InvalidRequest:
      return "invalid-request";
    case HttpError::Resolve:
      return "resolve";
    case HttpError::ConnectRefused:
      return "connect-refused";
    case HttpError::Connect:
      return "connect";
    case HttpError::Timeout:
      return "timeout";
    case HttpError::TlsVerify:
      return "tls-verify";
    case HttpError::Tls:
      return "tls";
    case HttpError::ConnectionDropped:
      return "connection-dropped";
    case HttpError::Protocol:
      return "protocol";
  }
  return "unknown";
}

bool is_idempotent_method(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}) {
    if (iequals(method, m)) return true;
  }
  return false;
}

bool is_idempotent(const HttpRequest& request) {
  return request.idempotent.value_or(is_idempotent_method(request.method));
}

}  // namespace fedplan
