// Crash safety per provider: fedplan SIGKILLed right after a provider call returns and before
// the state write that records it (the FEDPLAN_TEST_KILL_AFTER_CALL hook, or a firewall-cmd
// that kills its caller), then applied again and destroyed, or destroyed at once: nothing may be
// left live.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/common/child.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::e2e::Sandboxes;
using fedplan::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// Two ports through the fake firewall-cmd, two local files and two ConfigMaps on a sandbox:
// six creating calls.
const char* kConfig = R"(
variable "firewall_cmd" { type = string }
variable "kubeconfig" { type = string }

provider "kube" {
  kubeconfig = var.kubeconfig
}

resource "kube_object" "cm" {
  count = 2
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "crash-${count.index}", namespace = "default" }
    data       = { n = "n${count.index}" }
  }
}

provider "firewalld" {
  firewall_cmd = var.firewall_cmd
}

resource "firewalld_port" "p" {
  for_each = toset(["31000", "31001"])
  zone     = "libvirt"
  port     = each.key
}

resource "local_file" "f" {
  count    = 2
  filename = "${path.module}/out/f${count.index}.txt"
  content  = "file ${count.index}\n"
}
)";
constexpr int kCalls = 6;

// A configuration directory with its own fake firewalld, on a shared sandbox cluster.
struct Site {
  const Sandboxes& cluster;
  TempDir dir;
  std::string fw = dir / "fw";

  explicit Site(const Sandboxes& c) : cluster(c) {
    dir.write("main.fed.hcl", kConfig);
    fs::create_directories(fw);
  }

  // Runs `fedplan ARGS -auto-approve` with the fake, and `env` set for it alone.
  Exit run(const std::vector<std::string>& args, const std::string& log,
           const std::string& kill_after = "") {
    setenv("FAKE_FW", fw.c_str(), 1);
    setenv("FEDPLAN_VAR_firewall_cmd", FAKE_FIREWALL_CMD, 1);
    setenv("FEDPLAN_VAR_kubeconfig", cluster.kubeconfig("mesh1").c_str(), 1);
    if (kill_after.empty())
      unsetenv("FEDPLAN_TEST_KILL_AFTER_CALL");
    else
      setenv("FEDPLAN_TEST_KILL_AFTER_CALL", kill_after.c_str(), 1);
    std::vector<std::string> full = args;
    full.push_back("-auto-approve");
    Child c = start_fedplan(dir.path(), full, dir / log);
    Exit e = wait_child(c);
    unsetenv("FEDPLAN_TEST_KILL_AFTER_CALL");
    if (e.code != 0 && e.signal == 0) MESSAGE(log << ":\n" << c.out() << c.err());
    return e;
  }

  // An apply SIGKILLed right after its n-th provider call.
  void killed_apply(int n) { CHECK(run({"apply"}, "killed", std::to_string(n)).signal == SIGKILL); }

  // Waits for the firewall-cmd calls a killed run left running: a run started at once would
  // race them, as it would race a real firewall-cmd whose caller died.
  void settle() const {
    int fd = ::open((fw + "/.calls").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    ::flock(fd, LOCK_EX);
    ::close(fd);
  }

  // What is live, one per line: open ports ("runtime/libvirt/31000_tcp"), written files and
  // ConfigMaps ("configmap/crash-0").
  std::string live_list() const {
    std::string out;
    for (const std::string& x : live()) out += x + "\n";
    return out;
  }
  std::set<std::string> live() const {
    std::set<std::string> found;
    for (const char* layer : {"runtime", "permanent"}) {
      fs::path zone = fs::path(fw) / layer / "libvirt";
      if (!fs::exists(zone)) continue;
      for (const auto& e : fs::directory_iterator(zone))
        found.insert(std::string(layer) + "/libvirt/" + e.path().filename().string());
    }
    fs::path out = dir / "out";
    if (fs::exists(out))
      for (const auto& e : fs::directory_iterator(out))
        found.insert("out/" + e.path().filename().string());
    for (const char* name : {"crash-0", "crash-1"})
      if (!cluster.get("mesh1", "configmap", name, "default").is_null())
        found.insert(std::string("configmap/") + name);
    return found;
  }
};

// One sandbox cluster for every case, started once.
const Sandboxes& cluster() {
  static TempDir dir;
  static Sandboxes sandboxes({"mesh1"}, dir.path());
  return sandboxes;
}

}  // namespace

TEST_CASE("killed after any provider call, the next apply and a destroy leave nothing live") {
  REQUIRE_MESSAGE(cluster().ok(), cluster().error());
  for (int n = 1; n <= kCalls; ++n) {
    CAPTURE(n);
    Site s(cluster());
    s.killed_apply(n);
    REQUIRE(s.run({"apply"}, "again").code == 0);
    CHECK(s.live().size() == 2 * 2 + 2 + 2);  // two ports in two layers, files, ConfigMaps
    REQUIRE(s.run({"destroy"}, "destroy").code == 0);
    CHECK_MESSAGE(s.live().empty(), s.live_list());
  }
}

TEST_CASE("killed after any provider call, a destroy alone leaves nothing live") {
  REQUIRE_MESSAGE(cluster().ok(), cluster().error());
  for (int n = 1; n <= kCalls; ++n) {
    Site s(cluster());
    s.killed_apply(n);
    s.settle();
    REQUIRE_MESSAGE(s.run({"destroy"}, "destroy").code == 0, "killed after call " << n);
    // A local_file write the kill cut short leaves its temp file (".f0.txt.tmp.HOST.PID.X"),
    // which only the next write or delete in out/ removes: a file that was never made has none.
    std::set<std::string> left = s.live();
    std::erase_if(left, [](const std::string& x) {
      return x.rfind("out/.", 0) == 0 && x.find(".tmp.") != std::string::npos;
    });
    CHECK_MESSAGE(left.empty(), "killed after call " << n << ":\n" << s.live_list());
  }
}

TEST_CASE(
    "a firewall-cmd that kills fedplan after opening a port leaves no port open after destroy") {
  REQUIRE_MESSAGE(cluster().ok(), cluster().error());
  Site s(cluster());
  std::ofstream(fs::path(s.fw) / "kill-after-permanent-add").put('\n');
  Exit killed = s.run({"apply"}, "killed");
  CHECK(killed.signal == SIGKILL);
  REQUIRE(s.run({"apply"}, "again").code == 0);
  REQUIRE(s.run({"destroy"}, "destroy").code == 0);
  CHECK_MESSAGE(s.live().empty(), s.live_list());
  // The same kill, then a destroy with no apply in between.
  Site d(cluster());
  std::ofstream(fs::path(d.fw) / "kill-after-permanent-add").put('\n');
  CHECK(d.run({"apply"}, "killed").signal == SIGKILL);
  d.settle();
  REQUIRE(d.run({"destroy"}, "destroy").code == 0);
  CHECK_MESSAGE(d.live().empty(), d.live_list());
}
