// `fedplan import` of a kube_object through the binary: against a fedplan-sandbox this test
// starts on loopback (and stops by its PID), one configuration creates a ConfigMap, another
// adopts it by apiVersion/kind/namespace/name and plans the difference.
#include <doctest/doctest.h>

#include <filesystem>

#include "base/testing/temp_dir.h"
#include "tests/e2e/common/child.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// A fedplan-sandbox child, serving until the object dies.
struct Sandbox {
  Child child;
  std::string kubeconfig;

  explicit Sandbox(const TempDir& dir) : kubeconfig(dir / "mesh1.kubeconfig") {
    std::string out = dir / "sandbox.out";
    child.out_path = out;
    child.started = std::chrono::steady_clock::now();
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) _exit(127);
      dup2(fd, 1);
      dup2(fd, 2);
      execl(FEDPLAN_SANDBOX_BINARY, FEDPLAN_SANDBOX_BINARY, "--name", "mesh1", "--port", "0",
            "--kubeconfig-out", kubeconfig.c_str(), "--bare", static_cast<char*>(nullptr));
      _exit(127);
    }
    child.pid = pid;
    REQUIRE_MESSAGE(wait_until([&] { return slurp(out).find("ready ") != std::string::npos; }, 20s),
                    slurp(out));
  }
  ~Sandbox() {
    if (child.pid > 0) {
      ::kill(child.pid, SIGTERM);
      wait_child(child);
    }
  }
};

std::string config(const std::string& kubeconfig, const std::string& value) {
  return "provider \"kube\" \"mesh1\" { kubeconfig = \"" + kubeconfig +
         "\" }\n"
         "resource \"kube_object\" \"cm\" {\n"
         "  provider = kube.mesh1\n"
         "  manifest = {\n"
         "    apiVersion = \"v1\"\n"
         "    kind       = \"ConfigMap\"\n"
         "    metadata   = { name = \"peer-ca\", namespace = \"default\" }\n"
         "    data       = { \"root-cert.pem\" = \"" +
         value +
         "\" }\n"
         "  }\n"
         "}\n";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("import adopts a kube_object by apiVersion/kind/namespace/name and plans the diff") {
  TempDir dir;
  Sandbox sandbox(dir);
  dir.write("made/main.fed.hcl", config(sandbox.kubeconfig, "abc"));
  dir.write("adopt/main.fed.hcl", config(sandbox.kubeconfig, "changed"));
  std::string logs = dir / "log";
  Exit made = run_fedplan(dir / "made", {"apply", "-auto-approve", "-no-color"}, logs);
  REQUIRE_MESSAGE(made.code == 0, slurp(logs + ".err"));

  Exit missing =
      run_fedplan(dir / "adopt", {"import", "kube_object.cm", "v1/ConfigMap/default/nope"}, logs);
  CHECK(missing.code == 1);
  CHECK_MESSAGE(contains(slurp(logs + ".err"), "does not exist"), slurp(logs + ".err"));
  Exit bad = run_fedplan(dir / "adopt", {"import", "kube_object.cm", "peer-ca"}, logs);
  CHECK(bad.code == 1);
  CHECK(contains(slurp(logs + ".err"), "is not apiVersion/kind/namespace/name"));
  CHECK_FALSE(std::filesystem::exists(dir / "adopt/fedplan.state.json"));

  Exit imported =
      run_fedplan(dir / "adopt",
                  {"import", "-no-color", "kube_object.cm", "v1/ConfigMap/default/peer-ca"}, logs);
  REQUIRE_MESSAGE(imported.code == 0, slurp(logs + ".err"));
  CHECK(contains(slurp(logs + ".out"), "Import successful!"));
  Exit plan =
      run_fedplan(dir / "adopt", {"plan", "-no-color", "-detailed-exitcode"}, logs + "-plan");
  std::string out = slurp(logs + "-plan.out");
  CHECK_MESSAGE(plan.code == 2, out << slurp(logs + "-plan.err"));
  CHECK(contains(out, "# kube_object.cm will be updated in-place"));
  CHECK(contains(out, "\"root-cert.pem\" = \"abc\" -> \"changed\""));
  // Applying the adopting configuration takes the object over; a plan in either directory
  // then sees it as that configuration left it.
  REQUIRE(run_fedplan(dir / "adopt", {"apply", "-auto-approve", "-no-color"}, logs).code == 0);
  CHECK(run_fedplan(dir / "adopt", {"plan", "-detailed-exitcode"}, logs).code == 0);
}
