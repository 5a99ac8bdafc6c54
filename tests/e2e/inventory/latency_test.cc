// The four-cluster federation applied on sandboxes whose API answers 20 ms late, timed: the
// figure docs/performance.md quotes. It prints the time; only the apply's success is asserted.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "base/files.h"
#include "base/testing/temp_dir.h"
#include "tests/e2e/support/firewall.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

TEST_CASE("four-cluster-mixed applies on sandboxes with 20 ms API latency (timed)") {
  TempDir tmp;
  Firewall fw(tmp / "fw");
  if (fw.start_code == 77) {
    MESSAGE("the firewalld harness cannot run on this machine: skipped");
    std::exit(77);
  }
  REQUIRE_MESSAGE(fw.start_code == 0, fw.log);
  Sandboxes sb({"mesh1", "mesh2", "mesh3", "mesh4"}, tmp / "sb", {"--latency-ms", "20"});
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("four-cluster-mixed", tmp.path());
  const std::string dir = tmp / "examples/four-cluster-mixed";
  auto env = sb.env();
  // firewall-cmd through a wrapper that counts its runs (one line each), then execs it.
  const std::string runs_log = tmp / "firewall-cmd-runs";
  const std::string counting = tmp / "firewall-cmd-counting";
  std::string err;
  REQUIRE_MESSAGE(
      fedplan::write_file_atomic(
          counting, "#!/bin/sh\necho run >> '" + runs_log + "'\nexec '" + fw.cmd() + "' \"$@\"\n",
          {.mode = 0755}, &err),
      err);
  env["FEDPLAN_VAR_firewall_cmd"] = counting;

  // The clusters' side alone: mesh1 and mesh2 as node_port (the same gateways, nothing
  // opened), then destroyed; then the example as it is, with its 24 firewall openings.
  auto timed_apply = [&](const std::vector<std::string>& extra, const char* what) {
    std::vector<std::string> args = {"apply", "-auto-approve"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto start = std::chrono::steady_clock::now();
    Run apply = run_fedplan(args, dir, env);
    double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK_MESSAGE(apply.exit_code == 0, apply.all());
    CHECK(apply.out.find("Apply complete! Resources: ") != std::string::npos);
    std::fprintf(stderr, "four-cluster-mixed apply, 20 ms API latency, %s: %.1f s\n", what, took);
    MESSAGE("four-cluster-mixed apply, 20 ms API latency, " << std::string(what) << ": " << took
                                                            << " s");
    return apply;
  };
  const std::string exports =
      "[{namespace=\"mesh1-bookinfo\", name=\"ratings\", alias_namespace=\"bookinfo\", "
      "alias_name=\"ratings\"}, {namespace=\"mesh1-bookinfo\", name=\"mongodb\", "
      "alias_namespace=\"bookinfo\", alias_name=\"mongodb\"}]";
  const std::string no_firewall =
      "extra_clusters={mesh1={kubeconfig=\"" + sb.kubeconfig("mesh1") +
      "\", platform=\"node_port\", exports=" + exports + "}, mesh2={kubeconfig=\"" +
      sb.kubeconfig("mesh2") +
      "\", platform=\"node_port\", imports=[{from=\"mesh1\", namespace=\"bookinfo\", "
      "alias_namespace=\"mesh2-bookinfo\"}]}}";
  Run kube_only = timed_apply({"-var", no_firewall}, "without the firewall (62 objects)");
  CHECK(kube_only.out.find("Resources: 62 added") != std::string::npos);
  Run destroy = run_fedplan({"destroy", "-auto-approve", "-var", no_firewall}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  std::remove(runs_log.c_str());
  Run full = timed_apply({}, "with the firewalld harness (86 objects)");
  std::string lines;
  REQUIRE_MESSAGE(fedplan::read_file(runs_log, &lines, &err), err);
  long runs = std::count(lines.begin(), lines.end(), '\n');
  std::fprintf(stderr, "firewall-cmd runs in that apply (24 ports, two layers): %ld\n", runs);
  MESSAGE("firewall-cmd runs in that apply (24 ports, two layers): " << runs);
  CHECK(runs > 0);
  CHECK(full.out.find("Resources: 86 added") != std::string::npos);
}
