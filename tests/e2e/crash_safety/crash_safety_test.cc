// Crash safety of `fedplan apply`: SIGKILLs the real binary during a 200-file local_file apply,
// 20 times (half right after a provider call, half at random moments), and checks the state and
// the files after each kill.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "base/testing/temp_dir.h"
#include "tests/e2e/common/child.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

constexpr int kFiles = 200;
constexpr int kRounds = 20;

// Every round changes `gen` (the content) and flips `side` (the file names), so each round
// replaces all 200 files: an old file is deleted and a new one created per step.
const char* kConfig = R"(
variable "gen" { type = number }
variable "side" { type = string }

resource "local_file" "f" {
  count    = 200
  filename = "files/f${count.index}-${var.side}.txt"
  content  = "generation ${var.gen} file ${count.index}\n"
}
)";

std::string file_name(int i, const std::string& side) {
  return "files/f" + std::to_string(i) + "-" + side + ".txt";
}

std::string file_content(int gen, int i) {
  return "generation " + std::to_string(gen) + " file " + std::to_string(i) + "\n";
}

std::string address(int i) {
  return "local_file.f[" + std::to_string(i) + "]";
}

// What the state file says, or a message saying why it is not a state.
struct StateFile {
  bool ok = false;
  std::string error;
  std::string lineage;
  uint64_t serial = 0;
  std::map<std::string, json> attributes;  // address -> attributes
};

StateFile parse_state(const std::string& text) {
  StateFile s;
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    s.error = "the state file is not valid JSON";
    return s;
  }
  if (!j.contains("lineage") || !j["lineage"].is_string() ||
      j["lineage"].get<std::string>().empty())
    s.error = "no lineage";
  else if (!j.contains("serial") || !j["serial"].is_number_unsigned())
    s.error = "no serial";
  else if (!j.contains("resources") || !j["resources"].is_array())
    s.error = "no resources array";
  if (!s.error.empty()) return s;
  s.lineage = j["lineage"];
  s.serial = j["serial"];
  for (const json& r : j["resources"]) {
    std::string addr = r.value("address", "");
    if (s.attributes.count(addr)) {
      s.error = "address recorded twice: " + addr;
      return s;
    }
    s.attributes[addr] = r.value("attributes", json::object());
  }
  s.ok = true;
  return s;
}

StateFile read_state(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    StateFile s;
    s.error = "no state file";
    return s;
  }
  return parse_state(slurp(path));
}

// The state as fedplan reads it, the journal a killed apply left beside the file folded in:
// what `fedplan state pull` prints.
StateFile pulled_state(const std::string& dir, const std::string& log) {
  Exit e = run_fedplan(dir, {"state", "pull"}, log);
  if (e.code == 0) return parse_state(slurp(log + ".out"));
  StateFile s;
  s.error = "fedplan state pull exited " + std::to_string(e.code) + ": " + slurp(log + ".err");
  return s;
}

// Every entry of dir/files (names relative to dir), with their content.
std::map<std::string, std::string> files_on_disk(const std::string& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/files", ec))
    out["files/" + e.path().filename().string()] = slurp(e.path().string());
  return out;
}

// The addresses whose step the run reported finished ("...: Creation complete after 0s").
std::set<std::string> reported_complete(const std::string& out) {
  static const std::regex line(R"((local_file\.f\[\d+\]): (Creation|Replacement) complete)");
  std::set<std::string> done;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator();
       ++it)
    done.insert((*it)[1]);
  return done;
}

// Checks that dir holds exactly the 200 files of generation `gen` on `side`, that the state
// records exactly them with that content, and that no lock or temporary file is left.
void check_converged(const std::string& dir, int gen, const std::string& side) {
  std::map<std::string, std::string> disk = files_on_disk(dir);
  std::map<std::string, std::string> want;
  for (int i = 0; i < kFiles; ++i) want[file_name(i, side)] = file_content(gen, i);
  for (const auto& [name, content] : disk) {
    auto w = want.find(name);
    CHECK_MESSAGE(w != want.end(), "unexpected file on disk: " << name);
    if (w != want.end()) CHECK_MESSAGE(content == w->second, "wrong content in " << name);
  }
  for (const auto& [name, content] : want)
    CHECK_MESSAGE(disk.count(name) == 1, "missing file: " << name);

  StateFile s = read_state(dir + "/fedplan.state.json");
  REQUIRE_MESSAGE(s.ok, s.error);
  CHECK(s.attributes.size() == static_cast<size_t>(kFiles));
  for (int i = 0; i < kFiles; ++i) {
    auto r = s.attributes.find(address(i));
    if (r == s.attributes.end()) {
      CHECK_MESSAGE(false, "not recorded in the state: " << address(i));
      continue;
    }
    CHECK(r->second.value("filename", "") == file_name(i, side));
    CHECK(r->second.value("content", "") == file_content(gen, i));
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/.fedplan.state.json.lock"));
}

std::vector<std::string> apply_args(int gen, const std::string& side, int parallelism) {
  return {"apply",
          "-auto-approve",
          "-no-color",
          "-var",
          "gen=" + std::to_string(gen),
          "-var",
          "side=" + side,
          "-parallelism=" + std::to_string(parallelism)};
}

}  // namespace

TEST_CASE("SIGKILL during a 200-file apply never loses or corrupts the state") {
  TempDir dir;
  dir.write("main.fed.hcl", kConfig);
  std::string logs = dir / "log";
  std::filesystem::create_directory(logs);

  uint32_t seed = 20240501;
  if (const char* s = std::getenv("FEDPLAN_CRASH_SEED"))
    seed = static_cast<uint32_t>(std::stoul(s));
  std::mt19937 rng(seed);
  MESSAGE("seed " << seed << " (set FEDPLAN_CRASH_SEED to repeat another run)");

  // The first apply runs to its end: it creates the files and times a whole apply, which
  // sets the range of the kill delays.
  Exit first = run_fedplan(dir.path(), apply_args(0, "a", 10), logs + "/first");
  REQUIRE_MESSAGE(first.code == 0, slurp(logs + "/first.err"));
  check_converged(dir.path(), 0, "a");
  StateFile initial = read_state(dir / "fedplan.state.json");
  REQUIRE(initial.ok);
  std::string lineage = initial.lineage;
  uint64_t serial = initial.serial;
  double whole = std::max(first.seconds, 0.05);
  MESSAGE("a whole apply of " << kFiles << " files took " << static_cast<int>(whole * 1000)
                              << " ms");

  const int parallelisms[] = {1, 2, 4, 10};
  int mid_apply = 0, stale_locks = 0;
  for (int round = 1; round <= kRounds; ++round) {
    std::string side = round % 2 ? "b" : "a";
    std::string old_side = round % 2 ? "a" : "b";
    int parallelism = parallelisms[rng() % 4];
    // Replacing is about twice the work of creating; the range covers start-up to the end.
    int delay_ms = static_cast<int>(rng() % static_cast<uint32_t>(whole * 2000 + 1));
    // Odd rounds: fedplan kills itself right after its N-th provider call (the
    // FEDPLAN_TEST_KILL_AFTER_CALL hook). A round is 400 calls, a delete and then a create per
    // file, so any N from 201 to 399 comes after at least one create and before the last one,
    // whatever the machine's speed. Even rounds: killed after `delay_ms`, anywhere (start-up,
    // a state write, or after the end).
    int kill_after = round % 2 ? kFiles + 1 + static_cast<int>(rng() % (kFiles - 1)) : 0;
    std::string log = logs + "/round" + std::to_string(round);

    if (kill_after) setenv("FEDPLAN_TEST_KILL_AFTER_CALL", std::to_string(kill_after).c_str(), 1);
    Child killed = start_fedplan(dir.path(), apply_args(round, side, parallelism), log + "-killed");
    unsetenv("FEDPLAN_TEST_KILL_AFTER_CALL");
    if (!kill_after) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    Exit k = kill_after ? wait_child(killed) : kill_child(killed);

    // The state file always parses; the state (the file with its journal) keeps its lineage,
    // and its serial never goes back.
    StateFile file = read_state(dir / "fedplan.state.json");
    REQUIRE_MESSAGE(file.ok, "round " << round << ": " << file.error);
    StateFile s = pulled_state(dir.path(), log + "-pull");
    REQUIRE_MESSAGE(s.ok, "round " << round << ": " << s.error);
    CHECK(s.lineage == lineage);
    CHECK(s.serial >= serial);
    serial = s.serial;

    // Every step the run reported finished is in the state, and every object the state
    // records for this round exists on disk as recorded.
    std::map<std::string, std::string> disk = files_on_disk(dir.path());
    std::set<std::string> done = reported_complete(killed.out());
    for (const std::string& addr : done) {
      auto r = s.attributes.find(addr);
      CHECK_MESSAGE(r != s.attributes.end(), "round " << round << ": " << addr
                                                      << " was reported complete but is not "
                                                         "in the state");
      if (r != s.attributes.end())
        CHECK_MESSAGE(
            r->second.value("content", "").rfind("generation " + std::to_string(round) + " ", 0) ==
                0,
            "round " << round << ": " << addr << " complete, but the state has "
                     << r->second.value("content", ""));
    }
    int new_files = 0;
    for (int i = 0; i < kFiles; ++i) new_files += disk.count(file_name(i, side)) ? 1 : 0;
    for (const auto& [addr, attrs] : s.attributes) {
      std::string name = attrs.value("filename", "");
      if (name.find("-" + side + ".txt") == std::string::npos) continue;
      auto f = disk.find(name);
      CHECK_MESSAGE(f != disk.end(), "round " << round << ": the state records " << name
                                              << ", which is not on disk");
      if (f != disk.end()) CHECK(f->second == attrs.value("content", ""));
    }
    bool lock_left = std::filesystem::exists(dir / ".fedplan.state.json.lock");
    stale_locks += lock_left && k.signal == SIGKILL ? 1 : 0;
    bool in_the_middle = k.signal == SIGKILL && new_files > 0 && new_files < kFiles;
    mid_apply += in_the_middle ? 1 : 0;
    std::string when =
        kill_after ? "call " + std::to_string(kill_after) : std::to_string(delay_ms) + " ms";
    std::string note = "round " + std::to_string(round) + ": parallelism " +
                       std::to_string(parallelism) + ", killed after " + when +
                       (k.signal == SIGKILL ? "" : " (it had already exited)") + ": " +
                       std::to_string(new_files) + " new files on disk, " +
                       std::to_string(done.size()) + " steps reported complete, serial " +
                       std::to_string(s.serial) + (lock_left ? ", lock file left behind" : "");
    MESSAGE(note);
    if (kill_after) CHECK_MESSAGE(in_the_middle, note);

    // The next apply, not killed and without -lock-timeout, is not blocked by the dead
    // process's lock file and converges.
    Exit again = run_fedplan(dir.path(), apply_args(round, side, 10), log + "-again");
    REQUIRE_MESSAGE(again.code == 0, "round " << round << ":\n" << slurp(log + "-again.err"));
    check_converged(dir.path(), round, side);
    for (int i = 0; i < kFiles; ++i)
      CHECK_MESSAGE(!std::filesystem::exists(dir / file_name(i, old_side)),
                    "round " << round << ": the replaced file " << file_name(i, old_side)
                             << " is still there");
    // ...and leaves nothing for a plan to do.
    std::vector<std::string> plan = {
        "plan", "-no-color",   "-detailed-exitcode", "-var", "gen=" + std::to_string(round),
        "-var", "side=" + side};
    Exit p = run_fedplan(dir.path(), plan, log + "-plan");
    CHECK_MESSAGE(p.code == 0, "round " << round << ": the plan after convergence:\n"
                                        << slurp(log + "-plan.out") << slurp(log + "-plan.err"));
    s = read_state(dir / "fedplan.state.json");
    REQUIRE(s.ok);
    CHECK(s.lineage == lineage);
    serial = s.serial;
  }
  MESSAGE(mid_apply << " of " << kRounds << " kills landed mid-apply; " << stale_locks
                    << " left a lock file behind");
  // Every kill by the hook lands while files are being replaced (checked per round above);
  // the timed ones may land anywhere.
  CHECK(mid_apply >= kRounds / 2);
}
