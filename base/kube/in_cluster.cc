// In-cluster access from the service-account directory and the two service variables.
#include "base/kube/in_cluster.h"

#include "base/files.h"
#include "base/http/url.h"
#include "base/kube/token_file.h"

namespace fedplan::kube {

bool in_cluster_env(const EnvLookup& env) {
  auto set = [&](const char* name) {
    std::optional<std::string> v = env ? env(name) : std::nullopt;
    return v && !v->empty();
  };
  return set("KUBERNETES_SERVICE_HOST") && set("KUBERNETES_SERVICE_PORT");
}

KubeconfigResult in_cluster_access(const EnvLookup& env, const std::string& dir) {
  KubeconfigResult r;
  if (!in_cluster_env(env)) {
    r.error =
        "in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both "
        "be set (they are in a pod)";
    return r;
  }
  std::string host = *env("KUBERNETES_SERVICE_HOST");
  std::string port = *env("KUBERNETES_SERVICE_PORT");
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  r.access.server = "https://" + host + ":" + port;
  std::string why;
  if (!parse_url(r.access.server, &why)) {
    r.error = "in-cluster config: KUBERNETES_SERVICE_HOST/PORT make no URL: " + why;
    return r;
  }
  r.access.source = "the in-cluster service account (" + dir + ")";
  if (!file_token_source(dir + "/token", "in-cluster config: the service-account token",
                         &r.access.token_source, &r.error))
    return r;
  std::string err;
  if (!read_file(dir + "/ca.crt", &r.access.tls.ca_pem, &err)) {
    r.error = "in-cluster config: the cluster's CA: " + err;
    return r;
  }
  FileRead ns = read_file_if_exists(dir + "/namespace");
  if (!ns.error.empty()) {
    r.error = "in-cluster config: " + ns.error;
    return r;
  }
  while (!ns.content.empty() && (ns.content.back() == '\n' || ns.content.back() == ' '))
    ns.content.pop_back();
  if (ns.exists && !ns.content.empty()) r.access.default_namespace = ns.content;
  return r;
}

}  // namespace fedplan::kube
