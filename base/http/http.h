// HttpTransport: the one seam through which providers and state backends speak HTTP.
// Plain request/response values; no Boost headers here, so every provider can include it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedplan {

// Header fields in the order given; names compare case-insensitively (RFC 9110).
struct HttpHeaders {
  std::vector<std::pair<std::string, std::string>> items;

  // The first value of `name`, or nullptr.
  const std::string* find(std::string_view name) const;
  // The first value of `name`, or "" when absent.
  std::string get(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // Replaces every field called `name` with one field.
  void set(std::string name, std::string value);
  // Appends a field, keeping any earlier ones of the same name.
  void add(std::string name, std::string value);
  void remove(std::string_view name);
};

// One request. `url` is absolute: http://host:port/path?query or https://...; IPv6 hosts in
// brackets. A timeout of zero means the transport's default.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{0};
  // Whether sending it twice is harmless. Unset: decided by the method (GET, HEAD, PUT, DELETE,
  // OPTIONS are). A caller may know better, e.g. Kubernetes server-side apply PATCH is.
  std::optional<bool> idempotent;
};

// Why a request got no HTTP response. `None` means a status (any status) was received.
enum class HttpError {
  None,
  InvalidRequest,     // bad URL or unsupported scheme; nothing was sent
  Resolve,            // host name did not resolve
  ConnectRefused,     // nothing listens at host:port
  Connect,            // other connect failure (unreachable, reset during connect)
  Timeout,            // connect, TLS handshake, write or read took longer than allowed
  TlsVerify,          // the server's certificate was not trusted or not for this host
  Tls,                // other TLS failure (handshake alert, bad client certificate or key)
  ConnectionDropped,  // the server closed or reset the connection before a full response
  Protocol,           // the reply was not valid HTTP/1.1, or its body was too large
};

// The outcome of one send. When `error` is set, status is 0 and `error_message` says what failed
// and where; otherwise status/headers/body are the server's reply.
struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  HttpError error = HttpError::None;
  std::string error_message;
  // How many times the request went on the wire (retries by a decorator add to it).
  int attempts = 1;

  bool transport_failed() const { return error != HttpError::None; }
  bool ok() const { return error == HttpError::None && status >= 200 && status < 300; }
};

// The seam. Implementations are safe to call from many threads at once.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// A short lowercase name for an error kind ("timeout", "tls-verify", ...).
std::string_view http_error_name(HttpError e);

// Whether the method is idempotent by RFC 9110 (GET, HEAD, OPTIONS, TRACE, PUT, DELETE).
bool is_idempotent_method(std::string_view method);

// The request's own `idempotent` if set, else by method.
bool is_idempotent(const HttpRequest& request);

// ASCII case-insensitive equality, for header names and schemes.
bool iequals(std::string_view a, std::string_view b);

}  // namespace fedplan
