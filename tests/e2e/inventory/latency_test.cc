// The four-cluster federation applied on sandboxes whose API answers 20 ms late, timed: the
// figure docs/performance.md quotes. It prints the time; only the apply's success is asserted.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

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
  env["FEDPLAN_VAR_firewall_cmd"] = fw.cmd();

  auto start = std::chrono::steady_clock::now();
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("Apply complete! Resources: 86 added") != std::string::npos);
  std::fprintf(stderr, "four-cluster-mixed apply, 20 ms API latency: %.1f s\n", took);
  MESSAGE("four-cluster-mixed apply, 20 ms API latency: " << took << " s");
}
