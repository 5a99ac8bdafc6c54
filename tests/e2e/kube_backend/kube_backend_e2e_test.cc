// `fedplan apply` with the kube backend when the API server goes away mid-apply: the run stops
// with an error naming the Secret and the unreachable server, leaves what it could not save in
// fedplan.errored.state.json, and `fedplan state push` of that file restores it.
#include <doctest/doctest.h>

#include <thread>

#include "base/testing/temp_dir.h"
#include "providers/kube/testing/sandbox_process.h"
#include "tests/e2e/common/child.h"

namespace fedplan::e2e {
namespace {

using kube::testing::SandboxProcess;

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("an apply whose API server goes away leaves an errored state that state push restores") {
  testing::TempDir dir;
  const std::string data = dir / "sandbox.json";
  auto sandbox = std::make_unique<SandboxProcess>(
      kube::testing::sandbox_binary(), std::vector<std::string>{"--bare", "--data", data});
  dir.write("main.fed.hcl", R"(fedplan {
  backend "kube" {
    config_path   = ")" + sandbox->kubeconfig() +
                                R"("
    secret_suffix = "e2e"
    lock_duration = "3s"
  }
}
resource "null_resource" "a" { count = 150 }
resource "null_resource" "b" {
  count = 150
  input = null_resource.a[count.index].id
}
)");
  Child apply =
      start_fedplan(dir.path(), {"apply", "-auto-approve", "-parallelism=1"}, dir / "apply");
  // Stop the API server once a few steps are saved in the Secret.
  auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (count_of(apply.out(), "Creation complete") < 5 && std::chrono::steady_clock::now() < limit)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  sandbox.reset();  // SIGTERM, then SIGKILL: the server is gone
  Exit e = wait_child(apply);
  std::string out = apply.out(), err = apply.err();
  INFO(out << err);
  CHECK(e.code == 1);
  int complete = count_of(out, "Creation complete");
  CHECK(complete >= 5);
  CHECK(complete < 300);
  CHECK(err.find(
            "Failed to write the state to kube state Secret default/fedplan-state-default-e2e") !=
        std::string::npos);
  CHECK(err.find("is not reachable") != std::string::npos);
  CHECK(err.find("fedplan.errored.state.json") != std::string::npos);
  std::string errored = slurp(dir / "fedplan.errored.state.json");
  REQUIRE_FALSE(errored.empty());
  // Nothing reported complete is missing from it.
  int saved = count_of(errored, "\"type\":\"null_resource\"");
  CHECK(saved >= complete);

  // The server comes back with what it had stored (the killed run's lock too, until its lease
  // lapses); the errored state goes back in.
  SandboxProcess back(kube::testing::sandbox_binary(), {"--bare", "--data", data});
  const std::string moved = "config_path=" + back.kubeconfig();
  Child push = start_fedplan(dir.path(),
                             {"state", "push", "-lock-timeout=10s", "-backend-config", moved,
                              "fedplan.errored.state.json"},
                             dir / "push");
  Exit pushed = wait_child(push);
  INFO(push.out() << push.err());
  CHECK(pushed.code == 0);
  Child list = start_fedplan(dir.path(), {"state", "list", "-backend-config", moved}, dir / "list");
  CHECK(wait_child(list).code == 0);
  CHECK(count_of(list.out(), "null_resource.") == saved);
}

}  // namespace
}  // namespace fedplan::e2e
