// Tests for `fedplan sandbox up|status|down` with the real fedplan-sandbox binary: background
// processes, kubeconfigs that work, PIDs, and objects kept across a stop and start.
#include "sandbox/control.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "base/base64.h"
#include "base/http/beast_transport.h"
#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "base/yaml_json.h"
#include "sandbox/meta.h"

using namespace fedplan;
using namespace fedplan::sandbox;
using nlohmann::json;

namespace {

// A kubeconfig's server, CA and token, and a client for it.
struct KubeconfigClient {
  std::string server, ca, token;
  explicit KubeconfigClient(const std::string& path) {
    YamlResult y = parse_yaml(fedplan::testing::read_text(path));
    REQUIRE(y.ok());
    const json& kc = y.docs[0];
    server = kc["clusters"][0]["cluster"]["server"];
    std::optional<std::string> pem = base64_decode(
        kc["clusters"][0]["cluster"]["certificate-authority-data"].get<std::string>());
    REQUIRE(pem);
    ca = *pem;
    token = kc["users"][0]["user"]["token"];
  }
  HttpResponse send(const std::string& method, const std::string& path,
                    const std::string& body = "") {
    TlsConfig tls;
    tls.ca_pem = ca;
    std::string err;
    auto t = make_beast_transport(tls, BeastTransportOptions{}, &err);
    REQUIRE(t);
    HttpRequest req;
    req.method = method;
    req.url = server + path;
    req.body = body;
    req.headers.set("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.set("Content-Type", "application/json");
    return t->send(req);
  }
};

// Whether a process is gone (a zombie nobody reaped counts as gone).
bool gone(pid_t pid) {
  std::string stat = fedplan::testing::read_text("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  return stat.empty() ||
         (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z');
}

pid_t pid_in(const std::string& path) {
  std::ifstream in(path);
  long p = 0;
  in >> p;
  return static_cast<pid_t>(p);
}

}  // namespace

TEST_CASE("sandbox up starts background sandboxes, status reports them, down stops them") {
  fedplan::testing::TempDir tmp;
  std::string dir = tmp.path();
  std::vector<std::string> common = {"--clusters", "t1,t2", "--dir",
                                     dir,          "--bin", FEDPLAN_SANDBOX_BIN};
  auto cmd = [&](std::string verb, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {verb};
    args.insert(args.end(), common.begin(), common.end());
    args.insert(args.end(), extra.begin(), extra.end());
    if (verb != "up") args.erase(args.begin() + 5, args.begin() + 7);  // no --bin
    std::ostringstream out, err;
    int rc = run_sandbox_command(args, out, err);
    return std::make_tuple(rc, out.str(), err.str());
  };

  auto [rc, out, err] = cmd("up");
  INFO(err);
  REQUIRE(rc == 0);
  CHECK(out.find("export T1_KUBECONFIG=" + dir + "/t1.kubeconfig\n") != std::string::npos);
  CHECK(out.find("export T2_KUBECONFIG=" + dir + "/t2.kubeconfig\n") != std::string::npos);
  pid_t p1 = pid_in(dir + "/t1.pid");
  pid_t p2 = pid_in(dir + "/t2.pid");
  CHECK(p1 > 1);
  CHECK(p2 > 1);
  CHECK(p1 != p2);

  auto [src, sout, serr] = cmd("status");
  CHECK(src == 0);
  CHECK(sout.find("t1\trunning\tpid " + std::to_string(p1)) != std::string::npos);

  // Running up again reuses the running sandboxes.
  auto [rc2, out2, err2] = cmd("up");
  CHECK(rc2 == 0);
  CHECK(err2.find("already running") != std::string::npos);
  CHECK(pid_in(dir + "/t1.pid") == p1);

  KubeconfigClient t1(dir + "/t1.kubeconfig");
  json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "kept"}}},
             {"data", {{"a", "1"}}}};
  HttpResponse created = t1.send("POST", "/api/v1/namespaces/default/configmaps", cm.dump());
  REQUIRE_MESSAGE(created.status == 201, created.error_message, created.body);
  KubeconfigClient t2(dir + "/t2.kubeconfig");
  CHECK(t2.send("GET", "/api/v1/namespaces/default/configmaps/kept").status == 404);
  CHECK(t1.ca != t2.ca);

  auto [drc, dout, derr] = cmd("down");
  CHECK(drc == 0);
  CHECK(dout.find("t1 stopped (pid " + std::to_string(p1) + ")") != std::string::npos);
  CHECK(gone(p1));
  CHECK(gone(p2));
  CHECK_FALSE(std::filesystem::exists(dir + "/t1.pid"));
  auto [src2, sout2, serr2] = cmd("status");
  CHECK(src2 == 1);
  CHECK(sout2.find("t1\tstopped") != std::string::npos);

  // Started again, the sandbox has the object (and the same CA and token) back.
  auto [rc3, out3, err3] = cmd("up");
  REQUIRE(rc3 == 0);
  KubeconfigClient again(dir + "/t1.kubeconfig");
  CHECK(again.ca == t1.ca);
  HttpResponse kept = again.send("GET", "/api/v1/namespaces/default/configmaps/kept");
  CHECK(kept.status == 200);
  CHECK(json::parse(kept.body)["data"]["a"] == "1");
  pid_t p3 = pid_in(dir + "/t1.pid");
  auto [drc2, dout2, derr2] = cmd("down", {"--purge"});
  CHECK(drc2 == 0);
  CHECK(gone(p3));
  CHECK_FALSE(std::filesystem::exists(dir));

  std::ostringstream o, e;
  CHECK(run_sandbox_command({"sideways"}, o, e) == 2);
  CHECK(run_sandbox_command({"up", "--clusters", "Bad_Name", "--dir", "/tmp/x"}, o, e) == 2);
}

TEST_CASE("sandbox -h prints its usage and flags and succeeds, whatever the verb") {
  for (std::vector<std::string> args : {std::vector<std::string>{"-h"},
                                        {"--help"},
                                        {"up", "-help"},
                                        {"down", "--clusters=a", "-h"}}) {
    std::ostringstream out, err;
    CHECK(fedplan::sandbox::run_sandbox_command(args, out, err) == 0);
    CHECK(out.str().find("usage: fedplan sandbox up") == 0);
    CHECK(out.str().find("--no-load-balancer  up:") != std::string::npos);
    CHECK(err.str().empty());
  }
}

TEST_CASE("sandbox flags take one dash or two, and an unknown one is refused") {
  std::ostringstream out, err;
  // Parsed (a stopped cluster is exit 1, a refused flag 2).
  CHECK(fedplan::sandbox::run_sandbox_command(
            {"status", "-clusters=zz-none", "-dir", "/nonexistent-x"}, out, err) == 1);
  CHECK(out.str() == "zz-none\tstopped\n");
  CHECK(err.str().empty());
  std::ostringstream out2, err2;
  CHECK(fedplan::sandbox::run_sandbox_command({"status", "-colour"}, out2, err2) == 2);
  CHECK(err2.str().find("unknown option -colour") != std::string::npos);
}

TEST_CASE("sandbox up --latency-ms starts sandboxes that answer that much later") {
  fedplan::testing::TempDir tmp;
  std::string dir = tmp.path();
  std::ostringstream out, err;
  REQUIRE_MESSAGE(run_sandbox_command({"up", "--clusters", "slow", "--dir", dir, "--bin",
                                       FEDPLAN_SANDBOX_BIN, "--latency-ms", "300"},
                                      out, err) == 0,
                  err.str());
  KubeconfigClient slow(dir + "/slow.kubeconfig");
  auto start = std::chrono::steady_clock::now();
  HttpResponse got = slow.send("GET", "/api/v1/namespaces/default");
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(got.status == 200);
  CHECK(took >= std::chrono::milliseconds(300));
  std::ostringstream o2, e2;
  CHECK(run_sandbox_command({"down", "--clusters", "slow", "--dir", dir, "--purge"}, o2, e2) == 0);

  for (const char* bad : {"-1", "x", "70000"}) {
    std::ostringstream o, e;
    CHECK(run_sandbox_command({"up", "--clusters", "slow", "--dir", dir, "--latency-ms", bad}, o,
                              e) == 2);
    CHECK(e.str().find("--latency-ms takes a number from 0 to 60000") != std::string::npos);
  }
}
