// Api: the Kubernetes REST surface over a Cluster, as plain request and response values:
// routing, authentication, query parameters, content types, discovery, tables and watches.
// The HTTPS server feeds it; tests call it directly.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/cluster.h"
#include "sandbox/faults.h"
#include "sandbox/watch.h"

namespace fedplan::sandbox {

struct RequestTarget;  // api_request.h
class TokenIssuer;     // token_request.h

// An HTTP request as the API layer needs it.
struct ApiRequest {
  std::string method = "GET";
  std::string target;  // path and query, e.g. /api/v1/namespaces?limit=500
  std::string content_type;
  std::string accept;
  std::string authorization;  // the Authorization header
  std::string user_agent;
  std::string body;
};

// The answer: status, type, body, extra headers; `watch` asks the server to stream events;
// `drop` asks it to close the connection without answering (fault injection).
struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<WatchState> watch;
  bool drop = false;
  std::chrono::milliseconds delay{0};
};

// Largest request body accepted (as kube-apiserver: 3 MiB).
constexpr size_t kMaxBodyBytes = 3 * 1024 * 1024;

class Api {
 public:
  // `token` is the bearer token clients must present; `server_address` is host:port for /api.
  Api(Cluster& cluster, std::string token, std::string server_address, FaultConfig faults = {});

  ApiResponse handle(const ApiRequest& req);

  // Watch event lines (JSON + "\n") after the state's resourceVersion, and a bookmark when
  // one is due; advances it.
  std::vector<std::string> poll_watch(WatchState& w);

  FaultConfig& faults() { return faults_; }
  void set_server_address(std::string a) { server_address_ = std::move(a); }
  const std::string& token() const { return token_; }
  // Service-account tokens: with an issuer, the TokenRequest and TokenReview APIs are served
  // and bearer tokens it signed authenticate their service account as a reader.
  void set_token_issuer(std::shared_ptr<const TokenIssuer> issuer) { issuer_ = std::move(issuer); }

 private:
  ApiResponse route(const ApiRequest& req);
  bool authorized(const std::string& authorization) const;
  ApiResponse fault_admin(const ApiRequest& req);
  std::optional<ApiResponse> discovery(const std::vector<std::string>& segments);
  ApiResponse resource(const ApiRequest& req, const RequestTarget& t);

  Cluster& cluster_;
  std::string token_;
  std::shared_ptr<const TokenIssuer> issuer_;
  std::string server_address_;
  FaultConfig faults_;
  std::mt19937_64 fault_rng_;
};

// The /version document.
nlohmann::json version_info();

}  // namespace fedplan::sandbox
