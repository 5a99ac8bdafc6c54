// Tests of exec credential plugins with a real script plugin each test writes: what it is given
// (args, env, KUBERNETES_EXEC_INFO, no stdin), caching until expiry, refresh, and every failure.
#include "base/kube/exec_plugin.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "base/kube/kubeconfig.h"
#include "base/testing/fake_clock.h"
#include "base/testing/temp_dir.h"

namespace fedplan::kube {
namespace {

using fedplan::testing::TempDir;

// A plugin script in `dir` that records each run and prints `status` (JSON) as its credential.
std::string write_plugin(const TempDir& dir, const std::string& status,
                         const std::string& api = "client.authentication.k8s.io/v1") {
  std::string path = dir.write("bin/plugin.sh", R"(#!/bin/sh
echo run >> "$OUT/runs"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$OUT/info"
echo "$@" > "$OUT/args"
cat > "$OUT/stdin"
n=$(wc -l < "$OUT/runs" | tr -d ' ')
printf '{"apiVersion":")" + api + R"(","kind":"ExecCredential","status":)" +
                                                    status + R"(}' | sed "s/RUN/$n/"
)");
  chmod(path.c_str(), 0755);
  return path;
}

std::string kubeconfig(const TempDir& dir, const std::string& exec_extra,
                       const std::string& command = "bin/plugin.sh") {
  return "clusters: [{name: c, cluster: {server: 'https://api.example:6443', tls-server-name: "
         "api.internal}}]\n"
         "users:\n- name: u\n  user:\n    exec:\n"
         "      apiVersion: client.authentication.k8s.io/v1\n"
         "      command: " +
         command +
         "\n"
         "      args: [get-token, --cluster, one]\n"
         "      env: [{name: OUT, value: '" +
         dir.path() + "'}]\n" + exec_extra +
         "contexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n";
}

std::string slurp(const std::string& path) {
  std::string s, err;
  read_file(path, &s, &err);
  return s;
}

KubeconfigOptions options(Clock* clock = nullptr) {
  KubeconfigOptions o;
  o.env = env_from_map({});
  o.clock = clock;
  return o;
}

}  // namespace

TEST_CASE("exec plugin: run with args, env and KUBERNETES_EXEC_INFO, without stdin") {
  TempDir dir;
  write_plugin(dir, R"({"token":"tok-RUN"})");
  std::string path = dir.write(
      "config", kubeconfig(dir, "      interactiveMode: Never\n      provideClusterInfo: true\n"));
  KubeconfigResult r = load_kubeconfig(path, "", options());
  REQUIRE_MESSAGE(r.ok(), r.error);
  REQUIRE(r.access.token_source);
  std::string err;
  CHECK(r.access.token_source("", &err) == "tok-1");
  CHECK(slurp(dir / "args") == "get-token --cluster one\n");
  CHECK(slurp(dir / "stdin").empty());
  nlohmann::json info = nlohmann::json::parse(slurp(dir / "info"));
  CHECK(info["apiVersion"] == "client.authentication.k8s.io/v1");
  CHECK(info["kind"] == "ExecCredential");
  CHECK(info["spec"]["interactive"] == false);
  CHECK(info["spec"]["cluster"]["server"] == "https://api.example:6443");
  CHECK(info["spec"]["cluster"]["tls-server-name"] == "api.internal");
}

TEST_CASE("exec plugin: the credential is cached until it expires or the server rejects it") {
  TempDir dir;
  write_plugin(dir, R"({"token":"tok-RUN","expirationTimestamp":"2023-11-14T22:23:20Z"})",
               "client.authentication.k8s.io/v1beta1");
  std::string text = kubeconfig(dir, "");
  text.replace(text.find("/v1\n"), 4, "/v1beta1\n");  // v1beta1 may leave interactiveMode out
  std::string path = dir.write("config", text);
  FakeClock clock;  // 2023-11-14T22:13:20Z
  KubeconfigResult r = load_kubeconfig(path, "", options(&clock));
  REQUIRE_MESSAGE(r.ok(), r.error);
  std::string err;
  CHECK(r.access.token_source("", &err) == "tok-1");
  CHECK(r.access.token_source("tok-1", &err) == "tok-2");  // the server rejected tok-1
  CHECK(r.access.token_source("tok-1", &err) == "tok-2");  // another request that met it: no run
  clock.advance(std::chrono::minutes(9));
  CHECK(r.access.token_source("", &err) == "tok-2");
  clock.advance(std::chrono::minutes(2));  // past expirationTimestamp
  CHECK(r.access.token_source("", &err) == "tok-3");
  CHECK(err.empty());
}

TEST_CASE("exec plugin: a missing command shows the installHint") {
  TempDir dir;
  std::string path =
      dir.write("config", kubeconfig(dir,
                                     "      interactiveMode: IfAvailable\n"
                                     "      installHint: 'install it with: apt install fed-auth'\n",
                                     "fedplan-no-such-plugin"));
  KubeconfigResult r = load_kubeconfig(path, "", options());
  CHECK_MESSAGE(r.error.find("kubeconfig " + path +
                             ":6:7: user \"u\": exec plugin "
                             "fedplan-no-such-plugin: cannot run") == 0,
                r.error);
  CHECK(r.error.find("not found in PATH\ninstall it with: apt install fed-auth") !=
        std::string::npos);
}

TEST_CASE("exec plugin: failures and bad answers say what the plugin did") {
  TempDir dir;
  std::string path = dir.write("config", kubeconfig(dir, "      interactiveMode: Never\n"));
  std::string plugin = dir.write("bin/plugin.sh", "#!/bin/sh\necho 'login expired' >&2\nexit 3\n");
  chmod(plugin.c_str(), 0755);
  KubeconfigResult r = load_kubeconfig(path, "", options());
  CHECK_MESSAGE(r.error.find("exited with status 3; it said: login expired") != std::string::npos,
                r.error);
  write_plugin(dir, R"({"token":"t"})", "client.authentication.k8s.io/v1beta1");
  r = load_kubeconfig(path, "", options());
  CHECK(r.error.find("answered with apiVersion \"client.authentication.k8s.io/v1beta1\", but the "
                     "kubeconfig asks for \"client.authentication.k8s.io/v1\"") !=
        std::string::npos);
  write_plugin(dir, R"({"clientKeyData":"KEY"})");
  r = load_kubeconfig(path, "", options());
  CHECK(r.error.find("only one of clientCertificateData and clientKeyData") != std::string::npos);
  write_plugin(dir, R"({"token":"t","expirationTimestamp":"tomorrow"})");
  r = load_kubeconfig(path, "", options());
  CHECK(r.error.find("\"tomorrow\" is not RFC 3339") != std::string::npos);
}

TEST_CASE("exec plugin: a client certificate from the plugin goes into the TLS settings") {
  TempDir dir;
  write_plugin(dir, R"({"clientCertificateData":"CERT","clientKeyData":"KEY"})");
  std::string path = dir.write("config", kubeconfig(dir, "      interactiveMode: Never\n"));
  KubeconfigResult r = load_kubeconfig(path, "", options());
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.tls.client_cert_pem == "CERT");
  CHECK(r.access.tls.client_key_pem == "KEY");
  CHECK_FALSE(r.access.token_source);
}

TEST_CASE("exec plugin: interactiveMode and apiVersion are checked as kubectl checks them") {
  TempDir dir;
  write_plugin(dir, R"({"token":"t"})");
  auto err = [&](const std::string& extra) {
    return load_kubeconfig(dir.write("config", kubeconfig(dir, extra)), "", options()).error;
  };
  CHECK(err("").find("interactiveMode must be set with client.authentication.k8s.io/v1") !=
        std::string::npos);
  CHECK(err("      interactiveMode: Sometimes\n").find("\"Sometimes\" is not Never") !=
        std::string::npos);
  CHECK(err("      interactiveMode: Always\n")
            .find("fedplan runs credential plugins without a terminal") != std::string::npos);
  std::string text = kubeconfig(dir, "      interactiveMode: Never\n");
  text.replace(text.find("/v1\n"), 4, "/v1alpha1\n");
  CHECK(load_kubeconfig(dir.write("config", text), "", options())
            .error.find("v1alpha1 was removed") != std::string::npos);
  CHECK(err("      interactiveMode: Never\n      comand: x\n")
            .find("exec: unknown field \"comand\"") != std::string::npos);
}

TEST_CASE("RFC 3339 times with fractions and offsets") {
  auto secs = [](const std::string& t) {
    std::optional<Clock::time_point> p = parse_rfc3339(t);
    REQUIRE(p);
    return std::chrono::duration_cast<std::chrono::seconds>(p->time_since_epoch()).count();
  };
  CHECK(secs("2023-11-14T22:13:20Z") == 1'700'000'000);
  CHECK(secs("2023-11-14T22:13:20.123456Z") == 1'700'000'000);
  CHECK(secs("2023-11-15T00:13:20+02:00") == 1'700'000'000);
  CHECK_FALSE(parse_rfc3339("2023-11-14 22:13:20"));
  CHECK_FALSE(parse_rfc3339("2023-11-14T22:13:20"));
}

}  // namespace fedplan::kube
