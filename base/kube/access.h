// ClusterAccess: how to reach one Kubernetes API server and who to be there, whether it came
// from a kubeconfig context, the in-cluster service account or the provider block.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/http/proxy.h"
#include "base/http/tls_config.h"

namespace fedplan::kube {

// Who to act as (kubeconfig `as`, `as-uid`, `as-groups`, `as-user-extra`): sent as the
// Impersonate-User, -Uid, -Group and -Extra-KEY headers on every request.
struct Impersonation {
  std::string user;
  std::string uid;
  std::vector<std::string> groups;
  std::map<std::string, std::vector<std::string>> extra;

  bool empty() const { return user.empty() && uid.empty() && groups.empty() && extra.empty(); }
};

// A bearer token that can change while fedplan runs (an exec plugin's, a token file's). Called
// before each request with `rejected` = "" (a cached token is fine), and after a 401 with the
// token the server rejected: a new one is fetched unless the source already holds another (so
// requests that met the 401 together fetch once, as client-go). Returns "" and sets *err when
// no token can be had.
using TokenSource = std::function<std::string(const std::string& rejected, std::string* err)>;

// The server URL, TLS trust and identity, bearer token and default namespace of one cluster.
struct ClusterAccess {
  std::string server;  // https://host:port, possibly with a path prefix; no trailing slash
  TlsConfig tls;
  std::string token;  // bearer token ("" = none; client certificates or anonymous)
  std::string default_namespace = "default";
  // Where it came from, for messages: "kubeconfig /path (context \"x\")" or "provider block".
  std::string source;
  // When set, the token comes from here instead of `token`.
  TokenSource token_source;
  Impersonation impersonate;
  // The cluster's proxy-url, or the proxy environment variables (see base/http/proxy.h).
  ProxySettings proxy;
  std::string basic_auth;  // "user:password" (kubeconfig username/password), "" = none
};

}  // namespace fedplan::kube
