// Tests of kubeconfig parsing: every user kind, context choice, relative files, and errors
// that name the file.
#include "base/kube/kubeconfig.h"

#include <doctest/doctest.h>

#include <vector>

#include "base/base64.h"
#include "base/testing/temp_dir.h"

namespace fedplan::kube {
namespace {

using fedplan::testing::TempDir;

const char* const kTwoContexts = R"(apiVersion: v1
kind: Config
clusters:
- name: one
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkNBCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
- name: two
  cluster:
    server: https://two.example:8443
    insecure-skip-tls-verify: true
    tls-server-name: api.two
users:
- name: alice
  user:
    token: alice-token
- name: bob
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
contexts:
- name: a
  context: {cluster: one, user: alice, namespace: team-a}
- name: b
  context: {cluster: two, user: bob}
current-context: a
)";

TEST_CASE("kubeconfig: current-context with a token user and CA data") {
  KubeconfigResult r = parse_kubeconfig(kTwoContexts, "/x/config", "");
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://127.0.0.1:6443");
  CHECK(r.access.token == "alice-token");
  CHECK(r.access.tls.ca_pem.find("BEGIN CERTIFICATE") != std::string::npos);
  CHECK_FALSE(r.access.tls.insecure_skip_verify);
  CHECK(r.access.default_namespace == "team-a");
  CHECK(r.access.source == "kubeconfig /x/config (context \"a\")");
}

TEST_CASE("kubeconfig: a named context with a client-certificate user and the insecure flag") {
  KubeconfigResult r = parse_kubeconfig(kTwoContexts, "/x/config", "b");
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://two.example:8443");
  CHECK(r.access.token.empty());
  CHECK(r.access.tls.client_cert_pem == "CERT");
  CHECK(r.access.tls.client_key_pem == "KEY");
  CHECK(r.access.tls.insecure_skip_verify);
  CHECK(r.access.tls.server_name == "api.two");
  CHECK(r.access.default_namespace == "default");
}

TEST_CASE("kubeconfig: files are read relative to the kubeconfig, tokenFile wins over token") {
  TempDir dir;
  dir.write("certs/ca.pem", "CA PEM");
  dir.write("certs/client.pem", "CLIENT PEM");
  dir.write("certs/client.key", "CLIENT KEY");
  dir.write("token", "file-token\n");
  std::string path = dir.write("kube/../config", R"(
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:1", certificate-authority: certs/ca.pem}
users:
- name: u
  user:
    token: inline
    tokenFile: token
    client-certificate: certs/client.pem
    client-key: )" + dir.path() + R"(/certs/client.key
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
)");
  KubeconfigResult r = load_kubeconfig(path, "");
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.tls.ca_pem == "CA PEM");
  CHECK(r.access.tls.client_cert_pem == "CLIENT PEM");
  CHECK(r.access.tls.client_key_pem == "CLIENT KEY");
  CHECK(r.access.token == "file-token");
}

TEST_CASE("kubeconfig: an unknown context lists the ones there are") {
  KubeconfigResult r = parse_kubeconfig(kTwoContexts, "/x/config", "c");
  CHECK(r.error == "kubeconfig /x/config: context \"c\" not found (contexts: \"a\", \"b\")");
}

TEST_CASE("kubeconfig: an auth-provider user is refused with the plugin to use instead") {
  std::string text = R"(clusters:
- name: c
  cluster: {server: "https://h:1"}
users:
- name: gke
  user:
    auth-provider: {name: gcp}
contexts:
- name: x
  context: {cluster: c, user: gke}
current-context: x
)";
  KubeconfigResult r = parse_kubeconfig(text, "/home/u/.kube/config", "");
  CHECK_MESSAGE(r.error.find("kubeconfig /home/u/.kube/config:7:20: user \"gke\": auth-provider "
                             "\"gcp\" is not supported") == 0,
                r.error);
  CHECK(r.error.find("use gke-gcloud-auth-plugin (exec)") != std::string::npos);
  text.replace(text.find("gcp"), 3, "oidc");
  CHECK(parse_kubeconfig(text, "/k", "").error.find("int128/kubelogin") != std::string::npos);
}

TEST_CASE("kubeconfig: errors name the file") {
  auto err = [](const std::string& text) { return parse_kubeconfig(text, "/k", "").error; };
  CHECK(err("clusters: [").find("kubeconfig /k:") == 0);
  CHECK(err("- a\n- b\n").find("kubeconfig /k: not a kubeconfig") == 0);
  CHECK(err("contexts: []\n").find("no context given and no current-context") != std::string::npos);
  CHECK(err("contexts: [{name: x, context: {cluster: nope}}]\ncurrent-context: x\n")
            .find("names cluster \"nope\", which is not defined") != std::string::npos);
  CHECK(err("clusters: [{name: c, cluster: {server: 'h:1'}}]\n"
            "contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n")
            .find("must start with https://") != std::string::npos);
  CHECK(err("clusters: [{name: c, cluster: {server: 'https://h', certificate-authority-data: "
            "'!!'}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n")
            .find("certificate-authority-data is not valid base64") != std::string::npos);
  CHECK(err("clusters: [{name: c, cluster: {server: 'https://h', certificate-authority: "
            "/nonexistent/ca.pem}}]\ncontexts: [{name: x, context: {cluster: c}}]\n"
            "current-context: x\n")
            .find("cannot read /nonexistent/ca.pem") != std::string::npos);
  CHECK(err("clusters: [{name: c, cluster: {server: 'https://h', insecure-skip-tls-verify: true, "
            "certificate-authority-data: Q0E=}}]\ncontexts: [{name: x, context: {cluster: c}}]\n"
            "current-context: x\n")
            .find("both a certificate authority and insecure-skip-tls-verify") !=
        std::string::npos);
  CHECK(err("clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
            "users: [{name: u, user: {client-certificate-data: Q0VSVA==}}]\n"
            "contexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n")
            .find("client certificate but no client key") != std::string::npos);
  CHECK(err("clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
            "users: [{name: u, user: {username: a, password: b, token: t}}]\n"
            "contexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n")
            .find("sets both username/password and a token") != std::string::npos);
  CHECK(load_kubeconfig("/nonexistent/kubeconfig", "").error ==
        "kubeconfig: cannot read /nonexistent/kubeconfig: No such file or directory");
}

const char* const kOneUser =
    "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
    "contexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n";

TEST_CASE("kubeconfig: a token or other setting of the wrong kind is refused, naming the field") {
  auto err = [](const std::string& user) {
    return parse_kubeconfig(std::string(kOneUser) + "users:\n- name: u\n  user:\n" + user, "/k", "")
        .error;
  };
  CHECK(err("    token: [abc, def]\n") ==
        "kubeconfig /k:7:12: user \"u\": token must be a string, not a list");
  CHECK(err("    token:\n      - abc\n") ==
        "kubeconfig /k:8:7: user \"u\": token must be a string, not a list");
  CHECK(err("    token: {a: b}\n") ==
        "kubeconfig /k:7:12: user \"u\": token must be a string, not a mapping");
  CHECK(err("    client-key-data: [S0VZ]\n    client-certificate-data: Q0VSVA==\n")
            .find("client-key-data must be a string, not a list") != std::string::npos);
  CHECK(parse_kubeconfig(std::string(kOneUser) + "users: [{name: u, user: {token: t}}]\n", "/k", "")
            .access.token == "t");
  CHECK(parse_kubeconfig("clusters: [{name: c, cluster: {server: [https://h]}}]\n"
                         "contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n",
                         "/k", "")
            .error.find("server must be a string, not a list") != std::string::npos);
}

TEST_CASE("kubeconfig: a YAML error says where it is, with line and column") {
  KubeconfigResult r = parse_kubeconfig(
      std::string(kOneUser) + "users: [{name: u, user: {token: \"abc}}]\n", "/k", "");
  CHECK_MESSAGE(r.error.rfind("kubeconfig /k:5:1: not valid YAML: end of map flow", 0) == 0,
                r.error);
  CHECK_MESSAGE(r.error.find("not valid YAML") != std::string::npos, r.error);
  r = parse_kubeconfig("current-context: \"x\ncontexts: []\n", "/k", "");
  CHECK(r.error == "kubeconfig /k:1:18: not valid YAML: a quoted string is not closed");
  r = parse_kubeconfig(std::string(kOneUser) + "users: [{name: u, user: {token: 'it''s'}}]\n", "/k",
                       "");
  CHECK_MESSAGE(r.ok(), r.error);
  CHECK(r.access.token == "it's");
  r = parse_kubeconfig(std::string(kOneUser) + "users:\n- name: u\n  user:\n    token: 'it''s\n",
                       "/k", "");
  CHECK(r.error == "kubeconfig /k:7:12: not valid YAML: a quoted string is not closed");
}

TEST_CASE("kubeconfig: aliases that lead back into themselves or fan out are read once") {
  // Found by tests/fuzz/kubeconfig_fuzz: the quote check followed the alias forever.
  KubeconfigResult r =
      parse_kubeconfig("current-context: x\ncontexts: &c\n- name: a\n  context: *c\n", "/k", "");
  CHECK_MESSAGE(
      r.error.find("context \"a\": context must be a mapping, not a list") != std::string::npos,
      r.error);
  std::string laughs = "  a: &a [\"x\", \"y\"]\n";
  for (int i = 0; i < 40; ++i)
    laughs += "  b" + std::to_string(i) + ": &b" + std::to_string(i) + " [*" +
              (i ? "b" + std::to_string(i - 1) : std::string("a")) + ", *" +
              (i ? "b" + std::to_string(i - 1) : std::string("a")) + "]\n";
  r = parse_kubeconfig("contexts: []\nextensions:\n" + laughs, "/k", "");
  CHECK_MESSAGE(r.error.find("no context given") != std::string::npos, r.error);
}

TEST_CASE("kubeconfig: YAML nested too deep is refused with a clear message") {
  for (const std::string& deep : {std::string(600, '[') + std::string(600, ']'),
                                  std::string(100000, '['), std::string(600, '{')}) {
    KubeconfigResult r = parse_kubeconfig("clusters: " + deep + "\n", "/k", "");
    CHECK_MESSAGE(r.error.rfind("kubeconfig /k:", 0) == 0, r.error);
    CHECK_MESSAGE(r.error.find("not a kubeconfig: collections nested more than 499 levels deep") !=
                      std::string::npos,
                  r.error);
  }
}

}  // namespace
}  // namespace fedplan::kube
