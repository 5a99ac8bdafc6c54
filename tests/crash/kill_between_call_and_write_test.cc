// Crash safety per provider: fedplan SIGKILLed right after a provider call returns and before
// the state write that records it (the FEDPLAN_TEST_KILL_AFTER_CALL hook, or a firewall-cmd
// that kills its caller), then applied again and destroyed: nothing may be left live.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/common/child.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// Two ports through the fake firewall-cmd and two local files: four creating calls.
const char* kConfig = R"(
variable "firewall_cmd" { type = string }

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
constexpr int kCalls = 4;

// A configuration directory with its own fake firewalld.
struct Site {
  TempDir dir;
  std::string fw = dir / "fw";

  Site() {
    dir.write("main.fed.hcl", kConfig);
    fs::create_directories(fw);
  }

  // Runs `fedplan ARGS -auto-approve` with the fake, and `env` set for it alone.
  Exit run(const std::vector<std::string>& args, const std::string& log,
           const std::string& kill_after = "") {
    setenv("FAKE_FW", fw.c_str(), 1);
    setenv("FEDPLAN_VAR_firewall_cmd", FAKE_FIREWALL_CMD, 1);
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

  // What is live, one per line: open ports ("runtime/libvirt/31000_tcp") and written files.
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
    return found;
  }
};

}  // namespace

TEST_CASE("killed after any provider call, the next apply and a destroy leave nothing live") {
  for (int n = 1; n <= kCalls; ++n) {
    CAPTURE(n);
    Site s;
    Exit killed = s.run({"apply"}, "killed", std::to_string(n));
    CHECK(killed.signal == SIGKILL);
    REQUIRE(s.run({"apply"}, "again").code == 0);
    CHECK(s.live().size() == 2 * 2 + 2);  // two ports in two layers, two files
    REQUIRE(s.run({"destroy"}, "destroy").code == 0);
    CHECK_MESSAGE(s.live().empty(), s.live_list());
  }
}

TEST_CASE(
    "a firewall-cmd that kills fedplan after opening a port leaves no port open after destroy") {
  Site s;
  std::ofstream(fs::path(s.fw) / "kill-after-permanent-add").put('\n');
  Exit killed = s.run({"apply"}, "killed");
  CHECK(killed.signal == SIGKILL);
  REQUIRE(s.run({"apply"}, "again").code == 0);
  REQUIRE(s.run({"destroy"}, "destroy").code == 0);
  CHECK_MESSAGE(s.live().empty(), s.live_list());
}
