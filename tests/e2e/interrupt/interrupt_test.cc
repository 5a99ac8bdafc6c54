// Ctrl-C through the real binary and real signals: an apply that holds the state lock while a
// provider command hangs gets SIGINT twice; it must exit at once (130) and leave no lock record.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/common/child.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// A firewall-cmd that answers the plan's preflight (--state, --get-zones), then records its pid
// and hangs on the apply's first change, so the apply holds the lock until killed.
void write_hanging_firewall_cmd(const TempDir& dir) {
  std::string script = dir.write("hang-firewall-cmd",
                                 "#!/bin/sh\ncase \"$*\" in\n  *--state*) echo running; exit 0 ;;\n"
                                 "  *--get-zones*) echo public; exit 0 ;;\nesac\n"
                                 "echo $$ >> \"" +
                                     (dir / "hung.pids") + "\"\nexec sleep 60\n");
  chmod(script.c_str(), 0755);
  dir.write("main.fed.hcl", "provider \"firewalld\" {\n  firewall_cmd = \"" +
                                (dir / "hang-firewall-cmd") +
                                "\"\n}\nresource \"firewalld_port\" \"p\" {\n"
                                "  zone     = \"public\"\n  port     = \"31000\"\n"
                                "  protocol = \"tcp\"\n}\n");
}

// Ends the hung commands the test started (fedplan exited without waiting for them).
void kill_hung(const TempDir& dir) {
  std::istringstream pids(slurp(dir / "hung.pids"));
  for (pid_t pid; pids >> pid;) ::kill(pid, SIGKILL);
}

}  // namespace

TEST_CASE("a second Ctrl-C exits at once and removes the lock record") {
  TempDir dir;
  write_hanging_firewall_cmd(dir);
  const std::string lock = dir / ".fedplan.state.json.lock";
  Child c = start_fedplan(dir.path(), {"apply", "-auto-approve", "-no-color"}, dir / "log");
  bool hung = wait_until([&] { return std::filesystem::exists(dir / "hung.pids"); }, 20s);
  REQUIRE_MESSAGE(hung, c.err());
  REQUIRE(std::filesystem::exists(lock));

  ::kill(c.pid, SIGINT);
  std::this_thread::sleep_for(300ms);
  CHECK_MESSAGE(still_running(c), "the first Ctrl-C waits for the running step");
  CHECK(std::filesystem::exists(lock));
  ::kill(c.pid, SIGINT);
  Exit e{};
  bool ended = wait_until([&] { return !still_running(c, &e); }, 5s);
  if (!ended) kill_child(c);
  kill_hung(dir);
  REQUIRE(ended);
  CHECK(e.code == 130);
  CHECK_FALSE(std::filesystem::exists(lock));
}
