// EtcdClient: the few etcd v3 calls the state backend needs, spoken as JSON to the gRPC gateway
// every etcd v3 server serves at /v3/ (keys and values base64, 64-bit numbers as strings).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/diagnostics.h"
#include "base/http/http.h"
#include "base/http/tls_config.h"

namespace fedplan {

// One key as etcd stores it, with the revisions a compare-and-swap is built on.
struct EtcdKv {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t version = 0;
  int64_t lease = 0;  // 0: not bound to a lease
};

// The keys a range found, read at `revision` (the store's revision when it answered).
struct EtcdRange {
  int64_t revision = 0;
  std::vector<EtcdKv> kvs;
  bool more = false;  // a limit left keys out
};

// How a range reads: every key from `key` up to `range_end` (empty: just `key`).
struct EtcdRangeRequest {
  std::string key;
  std::string range_end;
  bool keys_only = false;
  int64_t limit = 0;     // 0: no limit
  int64_t revision = 0;  // 0: the latest
};

// One condition of a transaction, always "equal": the key's create or mod revision (0 when
// the key is absent), or its value.
struct EtcdCompare {
  enum class Target { Create, Mod, Value };
  Target target = Target::Mod;
  std::string key;
  int64_t revision = 0;
  std::string value;
};

// One operation of a transaction branch.
struct EtcdOp {
  enum class Kind { Put, Delete, Range };
  Kind kind = Kind::Put;
  std::string key;
  std::string value;      // Put
  int64_t lease = 0;      // Put: bind the key to this lease
  std::string range_end;  // Delete and Range: up to this key (empty: just `key`)

  static EtcdOp put(std::string key, std::string value, int64_t lease = 0) {
    return {Kind::Put, std::move(key), std::move(value), lease, {}};
  }
  static EtcdOp del(std::string key, std::string range_end = {}) {
    return {Kind::Delete, std::move(key), {}, 0, std::move(range_end)};
  }
  static EtcdOp get(std::string key, std::string range_end = {}) {
    return {Kind::Range, std::move(key), {}, 0, std::move(range_end)};
  }
};

// A transaction's outcome: which branch ran, the revision after it, and one EtcdRange per
// Range op of that branch, in order.
struct EtcdTxnResult {
  bool succeeded = false;
  int64_t revision = 0;
  std::vector<EtcdRange> ranges;
};

// Where the cluster is and how to prove who we are.
struct EtcdClientOptions {
  std::vector<std::string> endpoints;  // "https://10.0.0.1:2379"; tried in this order
  std::string username;                // with password: /v3/auth/authenticate
  std::string password;
  TlsConfig tls;  // CA and client certificate for https endpoints
  std::chrono::milliseconds request_timeout{10'000};
};

// The first key after every key that starts with `prefix` (etcd's range_end for a prefix).
std::string etcd_prefix_end(std::string_view prefix);

// Which backend setting to check after a request got no answer for reason `e`.
std::string what_to_check(HttpError e);

// Calls etcd. Failures (no endpoint reachable, an etcd error, a malformed answer) become an
// error diagnostic naming the endpoint and etcd's message, and an empty result.
// Thread-safe: the lock's keep-alive thread shares it with the run.
class EtcdClient {
 public:
  // The real client: Beast (with `options.tls`), endpoint failover, the usual retries.
  // nullptr and an error when the TLS material cannot be loaded.
  // `clock` (retry backoff) defaults to the system clock.
  static std::unique_ptr<EtcdClient> connect(const EtcdClientOptions& options, Clock* clock,
                                             Diagnostics& diags);
  // A client over `transport`, which takes paths as URLs (a FailoverTransport, or above one).
  EtcdClient(std::shared_ptr<HttpTransport> transport, std::string describe,
             std::string username = {}, std::string password = {});

  std::optional<EtcdRange> range(const EtcdRangeRequest& request, Diagnostics& diags);
  std::optional<EtcdTxnResult> txn(const std::vector<EtcdCompare>& compare,
                                   const std::vector<EtcdOp>& success,
                                   const std::vector<EtcdOp>& failure, Diagnostics& diags);
  // Grants a lease of `ttl_seconds`; its ID.
  std::optional<int64_t> lease_grant(int64_t ttl_seconds, Diagnostics& diags);
  // Renews a lease; the TTL it has again, 0 when it had already expired.
  std::optional<int64_t> lease_keepalive(int64_t id, Diagnostics& diags);
  bool lease_revoke(int64_t id, Diagnostics& diags);
  // Seconds a lease has left; -1 when it has expired or never existed.
  std::optional<int64_t> lease_time_to_live(int64_t id, Diagnostics& diags);

  // "etcd at http://127.0.0.1:2379, http://127.0.0.1:22379"
  const std::string& describe() const { return describe_; }
  // Why the latest call got no answer (HttpError::None when it got one), so a caller can say
  // which setting to check.
  HttpError last_transport_error() const { return last_error_.load(); }

 private:
  // POSTs `body` to `path` (with the auth token) and returns the answer's JSON object.
  std::optional<nlohmann::json> call(const std::string& path, const nlohmann::json& body,
                                     Diagnostics& diags);
  HttpResponse post(const std::string& path, const std::string& body, const std::string& token);
  std::optional<std::string> token(bool renew, Diagnostics& diags);

  std::shared_ptr<HttpTransport> transport_;
  std::string describe_;
  std::string username_;
  std::string password_;
  std::chrono::milliseconds timeout_{0};
  std::atomic<HttpError> last_error_{HttpError::None};
  SystemClock system_clock_;
  std::mutex token_mu_;
  std::string token_;
};

}  // namespace fedplan
