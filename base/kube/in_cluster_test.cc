// Tests of in-cluster access from a service-account directory the test writes: server, CA,
// namespace, the token read again when kubelet would rotate it, and what is missing.
#include "base/kube/in_cluster.h"

#include <doctest/doctest.h>

#include <thread>

#include "base/testing/temp_dir.h"

namespace fedplan::kube {
namespace {

using fedplan::testing::TempDir;

EnvLookup pod_env(const std::string& host = "10.96.0.1") {
  return env_from_map({{"KUBERNETES_SERVICE_HOST", host}, {"KUBERNETES_SERVICE_PORT", "443"}});
}

}  // namespace

TEST_CASE("in-cluster: server, CA, namespace and token from the service-account directory") {
  TempDir sa;
  sa.write("token", "first-token\n");
  sa.write("ca.crt", "CLUSTER CA");
  sa.write("namespace", "pipelines\n");
  KubeconfigResult r = in_cluster_access(pod_env(), sa.path());
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://10.96.0.1:443");
  CHECK(r.access.tls.ca_pem == "CLUSTER CA");
  CHECK(r.access.default_namespace == "pipelines");
  std::string err;
  CHECK(r.access.token_source("", &err) == "first-token");
  // kubelet replaces the file: the next request reads the new token.
  sa.write("token", "second-token-longer\n");
  CHECK(r.access.token_source("", &err) == "second-token-longer");
  CHECK(in_cluster_access(pod_env("fd00::1"), sa.path()).access.server == "https://[fd00::1]:443");
}

TEST_CASE("in-cluster: missing variables or files are errors that say which") {
  TempDir sa;
  CHECK(in_cluster_access(env_from_map({{"KUBERNETES_SERVICE_HOST", "h"}}), sa.path()).error ==
        "in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set "
        "(they are in a pod)");
  CHECK(in_cluster_access(pod_env(), sa.path())
            .error.find("service-account token: cannot read " + sa.path() + "/token") !=
        std::string::npos);
  sa.write("token", "t");
  CHECK(in_cluster_access(pod_env(), sa.path()).error.find("the cluster's CA: cannot read") !=
        std::string::npos);
  sa.write("ca.crt", "CA");
  KubeconfigResult r = in_cluster_access(pod_env(), sa.path());
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.default_namespace == "default");
}

}  // namespace fedplan::kube
