// Two fedplan processes on one state, through the real binary: the second is refused with the
// holder's id, pid, host, command and time, or waits with -lock-timeout; force-unlock.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "base/testing/temp_dir.h"
#include "tests/e2e/common/child.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const char* kConfig = R"(
variable "text" {
  type    = string
  default = "one"
}
resource "local_file" "f" {
  filename = "out.txt"
  content  = var.text
}
)";

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

// The holder's record in the lock file.
json lock_record(const TempDir& dir) {
  return json::parse(slurp(dir / ".fedplan.state.json.lock"), nullptr, false);
}

// An `apply` on a terminal that planned and now waits at "Enter a value:", holding the lock
// as Terraform's does while the user reads the plan.
void start_holder(const TempDir& dir, TerminalChild* holder, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"apply", "-no-color"};
  args.insert(args.end(), extra.begin(), extra.end());
  start_fedplan_on_terminal(dir.path(), args, holder);
  REQUIRE_MESSAGE(holder->read_until("Enter a value:", 20s), holder->seen);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a second run is refused naming the holder, or waits for it with -lock-timeout") {
  TempDir dir;
  dir.write("main.fed.hcl", kConfig);
  std::string logs = dir / "log";
  TerminalChild holder;
  start_holder(dir, &holder);

  json rec = lock_record(dir);
  REQUIRE(rec.is_object());
  std::string id = rec.value("id", "");
  CHECK(id.size() == 36);
  CHECK(rec.value("pid", 0) == holder.child.pid);
  CHECK(rec.value("host", "") == host_name());
  CHECK(rec.value("operation", "") == "apply");
  std::string since = rec.value("created", "");
  CHECK(since.size() == 20);  // 2024-05-01T10:00:00Z

  // Without -lock-timeout: refused at once, with everything needed to find the holder.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"plan", "-no-color"},
        std::vector<std::string>{"apply", "-auto-approve", "-no-color"},
        std::vector<std::string>{"state", "rm", "local_file.f"}}) {
    Exit e = run_fedplan(dir.path(), args, logs);
    std::string err = slurp(logs + ".err");
    CHECK_MESSAGE(e.code == 1, args[0]);
    CHECK_MESSAGE(contains(err, "Error acquiring the state lock"), err);
    CHECK_MESSAGE(contains(err, "lock ID " + id), err);
    CHECK_MESSAGE(contains(err, "pid " + std::to_string(holder.child.pid)), err);
    CHECK_MESSAGE(contains(err, "@" + host_name()), err);
    CHECK_MESSAGE(contains(err, "(apply)"), err);
    CHECK_MESSAGE(contains(err, "since " + since), err);
    CHECK_MESSAGE(contains(err, ".fedplan.state.json.lock"), err);
  }
  // A short -lock-timeout waits that long, then says so.
  Exit brief = run_fedplan(dir.path(), {"plan", "-no-color", "-lock-timeout=300ms"}, logs);
  CHECK(brief.code == 1);
  CHECK(brief.seconds >= 0.3);
  CHECK(contains(slurp(logs + ".err"), "(waited 300 ms)"));
  CHECK(still_running(holder.child));

  // With a long enough -lock-timeout the second run waits until the first is done, then
  // runs against the state the first wrote.
  Child waiter = start_fedplan(
      dir.path(), {"apply", "-auto-approve", "-no-color", "-var", "text=two", "-lock-timeout=60s"},
      logs + "-waiter");
  std::this_thread::sleep_for(500ms);
  CHECK(still_running(waiter));
  CHECK_FALSE(std::filesystem::exists(dir / "out.txt"));
  holder.type("yes");
  CHECK_MESSAGE(holder.read_until("Apply complete!", 20s), holder.seen);
  Exit first = wait_child(holder.child);
  CHECK(first.code == 0);
  Exit second = wait_child(waiter);
  CHECK_MESSAGE(second.code == 0, waiter.err());
  // The waiter saw the holder's file and replaced it, so it planned after the first finished.
  CHECK(contains(waiter.out(), "local_file.f: Replacement complete"));
  CHECK(slurp(dir / "out.txt") == "two");
  CHECK_FALSE(std::filesystem::exists(dir / ".fedplan.state.json.lock"));
}

TEST_CASE("force-unlock checks the ID, refuses a live holder unless -force, clears a dead one") {
  TempDir dir;
  dir.write("main.fed.hcl", kConfig);
  std::string logs = dir / "log";
  TerminalChild holder;
  start_holder(dir, &holder);
  std::string id = lock_record(dir).value("id", "");
  REQUIRE_FALSE(id.empty());

  // A wrong ID is refused, naming the real holder.
  Exit wrong = run_fedplan(dir.path(), {"force-unlock", "-force", "not-the-id"}, logs);
  CHECK(wrong.code == 1);
  std::string err = slurp(logs + ".err");
  CHECK_MESSAGE(contains(err, "does not match"), err);
  CHECK_MESSAGE(contains(err, "lock ID " + id), err);
  // Without -force it asks, and with a yes still refuses to take the lock from a live process.
  Exit no_terminal = run_fedplan(dir.path(), {"force-unlock", id}, logs);
  CHECK(no_terminal.code == 1);
  CHECK(contains(slurp(logs + ".err"), "not a terminal"));
  {
    TerminalChild asker;
    start_fedplan_on_terminal(dir.path(), {"force-unlock", id}, &asker);
    REQUIRE_MESSAGE(asker.read_until("Enter a value:", 20s), asker.seen);
    asker.type("yes");
    Exit e = wait_child(asker.child);
    asker.read_until("\x04", 1s);  // whatever is left on the terminal
    CHECK(e.code == 1);
    CHECK_MESSAGE(contains(asker.seen, "held by a running process"), asker.seen);
  }
  CHECK(std::filesystem::exists(dir / ".fedplan.state.json.lock"));

  // Killed, the holder leaves its record; the kernel already released the flock. A new run
  // would take the lock by itself; force-unlock just clears the record.
  kill_child(holder.child);
  CHECK(std::filesystem::exists(dir / ".fedplan.state.json.lock"));
  Exit cleared = run_fedplan(dir.path(), {"force-unlock", "-force", id}, logs);
  CHECK_MESSAGE(cleared.code == 0, slurp(logs + ".err"));
  CHECK(contains(slurp(logs + ".out"), "The state has been unlocked"));
  CHECK(contains(slurp(logs + ".err"), "no longer held"));
  CHECK_FALSE(std::filesystem::exists(dir / ".fedplan.state.json.lock"));
  Exit again = run_fedplan(dir.path(), {"force-unlock", "-force", id}, logs);
  CHECK(again.code == 1);
  CHECK(contains(slurp(logs + ".err"), "not locked"));
}

TEST_CASE("force-unlock -force breaks a live lock, and the old holder's late write is refused") {
  TempDir dir;
  dir.write("main.fed.hcl", kConfig);
  std::string logs = dir / "log";
  REQUIRE(run_fedplan(dir.path(), {"apply", "-auto-approve", "-no-color"}, logs).code == 0);
  TerminalChild holder;
  start_holder(dir, &holder, {"-var", "text=two"});
  std::string id = lock_record(dir).value("id", "");
  Exit broke = run_fedplan(dir.path(), {"force-unlock", "-force", id}, logs);
  CHECK(broke.code == 0);
  CHECK(contains(slurp(logs + ".err"), "Broke the state lock held by a running process"));
  // Another run takes the lock and writes the state while the old holder waits.
  Exit other =
      run_fedplan(dir.path(), {"apply", "-auto-approve", "-no-color", "-var", "text=three"}, logs);
  REQUIRE_MESSAGE(other.code == 0, slurp(logs + ".err"));
  std::string written = slurp(dir / "fedplan.state.json");
  holder.type("yes");
  holder.read_until("Apply failed", 20s);
  Exit late = wait_child(holder.child);
  CHECK(late.code == 1);
  // It planned from an older serial; its write must not replace the newer state.
  CHECK_MESSAGE(contains(holder.seen, "it changed since it was read"), holder.seen);
  CHECK(slurp(dir / "fedplan.state.json") == written);
  json state = json::parse(written, nullptr, false);
  REQUIRE(state.is_object());
  CHECK(state["resources"][0]["attributes"]["content"] == "three");
}
