// Tests of the local backend's file handling: permissions, backup, atomic replacement under
// SIGKILL, flock contention between processes, force-unlock, and leftover temp files.
#include "state/local_backend.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "base/testing/fake_clock.h"
#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "state/local_journal.h"

namespace fedplan {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

InstanceState object(const std::string& address, nlohmann::json attrs) {
  std::string err;
  InstanceState s;
  s.addr = *parse_instance(address, &err);
  s.provider = *parse_provider("kube.mesh1", &err);
  s.attributes = std::move(attrs);
  return s;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// A child process for the duration of a test: runs `body` and _exits; killed if the test
// process dies, and killed and reaped when the object goes away.
struct Child {
  pid_t pid = -1;
  int to_child[2] = {-1, -1};    // parent writes, child reads
  int from_child[2] = {-1, -1};  // child writes, parent reads

  explicit Child(const std::function<void(Child&)>& body) {
    REQUIRE(::pipe(to_child) == 0);
    REQUIRE(::pipe(from_child) == 0);
    pid_t parent = ::getpid();
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(3);
      ::close(to_child[1]);
      ::close(from_child[0]);
      body(*this);
      ::_exit(0);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
  }
  ~Child() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    ::close(to_child[1]);
    ::close(from_child[0]);
  }
  // In the child: tell the parent something happened / wait for the parent's word.
  void signal_parent() { (void)!::write(from_child[1], "x", 1); }
  void wait_parent() {
    char c;
    (void)!::read(to_child[0], &c, 1);
  }
  // In the parent.
  bool wait_child() {
    char c;
    return ::read(from_child[0], &c, 1) == 1;
  }
  void signal_child() { (void)!::write(to_child[1], "x", 1); }
  int kill_and_reap() {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return status;
  }
  int reap() {
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
};

TEST_CASE("reading a missing state gives a fresh one and creates nothing") {
  testing::TempDir dir;
  LocalBackend backend(dir / "fedplan.state.json");
  Diagnostics diags;
  auto s = backend.read(diags);
  REQUIRE(s);
  CHECK(s->serial == 0);
  CHECK(diags.empty());
  CHECK(fs::is_empty(dir.path()));
  CHECK(default_local_state_path("") == "fedplan.state.json");
  CHECK(default_local_state_path("conf/") == "conf/fedplan.state.json");
  CHECK(backend.describe() == "local state file " + (dir / "fedplan.state.json"));
}

TEST_CASE("the state file and its backup are mode 0600 whatever the umask") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  mode_t old_umask = ::umask(0);
  LocalBackend backend(path);
  Diagnostics diags;
  State s = *backend.read(diags);
  bool ok1 = backend.write(s, diags);
  bool ok2 = backend.write(s, diags);
  ::umask(old_umask);
  REQUIRE(ok1);
  REQUIRE(ok2);
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(backend.backup_path()) == 0600);
}

TEST_CASE("each write keeps the copy it replaced as .backup") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  LocalBackend backend(path);
  Diagnostics diags;
  State s = *backend.read(diags);
  s.set(object("kube_object.a", {{"v", 1}}));
  REQUIRE(backend.write(s, diags));
  CHECK_FALSE(fs::exists(backend.backup_path()));
  std::string first = fedplan::testing::read_text(path);
  s.set(object("kube_object.a", {{"v", 2}}));
  REQUIRE(backend.write(s, diags));
  CHECK(fedplan::testing::read_text(backend.backup_path()) == first);
  std::string second = fedplan::testing::read_text(path);
  REQUIRE(backend.write(s, diags));
  CHECK(fedplan::testing::read_text(backend.backup_path()) == second);
  // The backup is itself a readable state, one serial behind.
  auto backup = LocalBackend(backend.backup_path()).read(diags);
  REQUIRE(backup);
  CHECK(backup->serial == 2);
  // No temp files are left behind.
  for (const auto& e : fs::directory_iterator(dir.path()))
    CHECK_MESSAGE(e.path().filename().string().find(".tmp.") == std::string::npos, e.path());
}

TEST_CASE("a file edited in place after it was read is not overwritten") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  LocalBackend backend(path);
  Diagnostics diags;
  State s = *backend.read(diags);
  REQUIRE(backend.write(s, diags));
  // Someone bumps the serial in place (same inode) behind this backend's back.
  nlohmann::json doc = nlohmann::json::parse(fedplan::testing::read_text(path));
  doc["serial"] = 9;
  { std::ofstream(path, std::ios::trunc) << doc.dump(); }
  Diagnostics refused;
  CHECK_FALSE(backend.write(s, refused));
  CHECK(refused.items.at(0).summary.find("changed since it was read") != std::string::npos);
  CHECK(nlohmann::json::parse(fedplan::testing::read_text(path))["serial"] == 9);
}

TEST_CASE("a writer killed at random moments leaves the old or the new state, never a mix") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  {
    // A state big enough (about 1 MB) that a kill often lands inside a write.
    LocalBackend backend(path);
    Diagnostics diags;
    State s = *backend.read(diags);
    for (int i = 0; i < 1500; ++i)
      s.set(object("kube_object.o[" + std::to_string(i) + "]",
                   {{"data", std::string(600, static_cast<char>('a' + i % 26))}}));
    REQUIRE(backend.write(s, diags));
  }
  std::mt19937 rng(12345);
  uint64_t last_serial = 1;
  int killed_while_writing = 0;
  for (int round = 0; round < 50; ++round) {
    Child writer([&](Child& self) {
      LocalBackend backend(path);
      Diagnostics diags;
      State s = *backend.read(diags);
      self.signal_parent();
      auto stop = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      for (int i = 0; std::chrono::steady_clock::now() < stop; ++i) {
        s.instances.begin()->second.attributes["round"] = i;
        if (!backend.write(s, diags)) ::_exit(2);
      }
    });
    REQUIRE(writer.wait_child());
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 150000));
    pid_t pid = writer.pid;
    int status = writer.kill_and_reap();
    CHECK(WIFSIGNALED(status));

    Diagnostics diags;
    auto s = LocalBackend(path).read(diags);
    REQUIRE_MESSAGE(s, render_diagnostics(diags, nullptr));
    CHECK(s->instances.size() == 1500);
    CHECK(s->serial >= last_serial);
    last_serial = s->serial;
    std::string mark = "." + std::to_string(pid) + ".";
    for (const auto& e : fs::directory_iterator(dir.path()))
      if (e.path().filename().string().find(mark) != std::string::npos) {
        ++killed_while_writing;
        break;
      }
    if (fs::exists(path + ".backup")) CHECK(LocalBackend(path + ".backup").read(diags));
  }
  MESSAGE("rounds that killed a write in progress: " << killed_while_writing << " of 50");
  // The next write cleans up what the killed writers left.
  LocalBackend backend(path);
  Diagnostics diags;
  State s = *backend.read(diags);
  REQUIRE(backend.write(s, diags));
  for (const auto& e : fs::directory_iterator(dir.path()))
    CHECK_MESSAGE(e.path().filename().string().find(".tmp.") == std::string::npos, e.path());
}

// In a child: a whole write, then changes to 100 objects (about 250 KB) per write, telling
// the parent after each write, until killed.
[[noreturn]] void append_until_killed(const std::string& path, Child& self) {
  LocalBackend backend(path);
  Diagnostics diags;
  auto read = backend.read(diags);
  if (!read || !backend.write(*read, diags)) ::_exit(2);
  self.signal_parent();
  for (int i = 0;; ++i) {
    EncodedChanges c;
    c.head = state_head(*read);
    for (int k = 0; k < 100; ++k) {
      InstanceState o = object("kube_object.o[" + std::to_string(k) + "]",
                               {{"i", i}, {"pad", std::string(2500, 'x')}});
      c.entries.push_back({o.addr, "", std::make_shared<const std::string>(encode_instance(o))});
    }
    if (!backend.write_changes(c, WriteOptions{}, diags)) ::_exit(2);
    read->serial = c.head.serial;
    self.signal_parent();  // this write is on disk
  }
}

TEST_CASE("a writer killed while appending changes loses none it had finished") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  std::mt19937 rng(4321);
  int torn = 0;
  for (int round = 0; round < 30; ++round) {
    Child writer([&](Child& self) { append_until_killed(path, self); });
    REQUIRE(writer.wait_child());
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 100000));
    CHECK(WIFSIGNALED(writer.kill_and_reap()));
    int finished = 0;
    char buf[4096];
    for (ssize_t n; (n = ::read(writer.from_child[0], buf, sizeof buf)) > 0;) finished += n;

    std::string journal = fedplan::testing::read_text(path + ".journal");
    JournalText split;
    Diagnostics diags;
    if (!journal.empty() && split_journal(journal, "j", &split, diags) && split.torn) ++torn;
    auto s = LocalBackend(path).read(diags);
    REQUIRE_MESSAGE(s, render_diagnostics(diags, nullptr));
    CHECK(diags.empty());
    if (finished == 0) continue;
    const InstanceState* o = s->find(*parse_instance("kube_object.o[99]", nullptr));
    REQUIRE(o);
    CHECK(o->attributes["i"].get<int>() >= finished - 1);
  }
  MESSAGE("rounds that killed an append in progress: " << torn << " of 30");
}

TEST_CASE("the lock file records who holds the lock, and goes away on unlock") {
  testing::TempDir dir;
  LocalBackend backend(dir / "fedplan.state.json");
  SystemClock clock;
  Diagnostics diags;
  LockInfo info = new_lock_info("apply", clock);
  REQUIRE(backend.lock(info, milliseconds(0), diags).acquired);
  CHECK(backend.lock_path() == (dir / ".fedplan.state.json.lock"));
  CHECK(mode_of(backend.lock_path()) == 0600);
  auto record =
      LockInfo::from_json(nlohmann::json::parse(fedplan::testing::read_text(backend.lock_path())));
  REQUIRE(record);
  CHECK(record->id == info.id);
  CHECK(record->pid == ::getpid());
  CHECK(record->operation == "apply");
  CHECK(record->who == info.who);
  CHECK(record->who.find('@') != std::string::npos);
  CHECK(record->path == backend.path());
  CHECK(std::regex_match(record->created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));

  Diagnostics twice;
  CHECK_FALSE(backend.lock(new_lock_info("plan", clock), milliseconds(0), twice).acquired);
  Diagnostics wrong;
  CHECK_FALSE(backend.unlock("other-id", wrong));
  CHECK(wrong.has_errors());
  CHECK(backend.unlock(info.id, diags));
  CHECK_FALSE(fs::exists(backend.lock_path()));
}

TEST_CASE("the exit record names the held lock, removes only that file, and clears on unlock") {
  testing::TempDir dir;
  LocalBackend backend(dir / "fedplan.state.json");
  LockRecordForExit record;
  backend.publish_lock_to(&record);
  SystemClock clock;
  Diagnostics diags;
  LockInfo info = new_lock_info("apply", clock);
  REQUIRE(backend.lock(info, milliseconds(0), diags).acquired);
  CHECK(record.fd.load() >= 0);
  CHECK(std::string(record.path) == backend.lock_path());
  // After a forced break the name belongs to the next holder: remove() leaves it alone.
  fs::rename(backend.lock_path(), dir / "moved");
  std::ofstream(backend.lock_path()) << "{}";
  record.remove();
  CHECK(fs::exists(backend.lock_path()));
  fs::remove(backend.lock_path());
  fs::rename(dir / "moved", backend.lock_path());
  record.remove();
  CHECK_FALSE(fs::exists(backend.lock_path()));
  CHECK(backend.unlock(info.id, diags));
  CHECK(record.fd.load() == -1);
}

TEST_CASE("a second process times out naming the holder, and gets the lock once it dies") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  Child holder([&](Child& self) {
    LocalBackend backend(path);
    SystemClock clock;
    Diagnostics diags;
    if (!backend.lock(new_lock_info("apply", clock), milliseconds(0), diags).acquired) ::_exit(2);
    self.signal_parent();
    ::pause();
  });
  REQUIRE(holder.wait_child());

  LocalBackend backend(path);
  SystemClock clock;
  Diagnostics busy;
  auto start = std::chrono::steady_clock::now();
  LockResult r = backend.lock(new_lock_info("plan", clock), milliseconds(300), busy);
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK_FALSE(r.acquired);
  CHECK(waited >= milliseconds(300));
  REQUIRE(r.holder);
  CHECK(r.holder->pid == holder.pid);
  REQUIRE(busy.has_errors());
  const std::string& msg = busy.items[0].summary;
  CHECK(msg.find("state is locked by ") != std::string::npos);
  CHECK(msg.find("pid " + std::to_string(holder.pid) + " (apply) since ") != std::string::npos);
  CHECK(msg.find("lock ID " + r.holder->id) != std::string::npos);

  holder.kill_and_reap();
  Diagnostics diags;
  LockInfo mine = new_lock_info("plan", clock);
  REQUIRE(backend.lock(mine, milliseconds(0), diags).acquired);
  // The dead holder's record was replaced by ours.
  CHECK(LockInfo::from_json(nlohmann::json::parse(fedplan::testing::read_text(backend.lock_path())))
            ->id == mine.id);
  CHECK(backend.unlock(mine.id, diags));
}

TEST_CASE("a waiting process gets the lock when the holder unlocks within the timeout") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  Child holder([&](Child& self) {
    LocalBackend backend(path);
    SystemClock clock;
    Diagnostics diags;
    LockInfo info = new_lock_info("apply", clock);
    if (!backend.lock(info, milliseconds(0), diags).acquired) ::_exit(2);
    self.signal_parent();
    self.wait_parent();
    std::this_thread::sleep_for(milliseconds(200));
    ::_exit(backend.unlock(info.id, diags) ? 0 : 4);
  });
  REQUIRE(holder.wait_child());
  LocalBackend backend(path);
  SystemClock clock;
  Diagnostics diags;
  holder.signal_child();
  LockInfo mine = new_lock_info("plan", clock);
  CHECK(backend.lock(mine, milliseconds(10000), diags).acquired);
  CHECK(holder.reap() == 0);
  // Our lock file survived the holder's unlock, which came before it.
  CHECK(LockInfo::from_json(nlohmann::json::parse(fedplan::testing::read_text(backend.lock_path())))
            ->id == mine.id);
  CHECK(backend.unlock(mine.id, diags));
}

TEST_CASE("lock timeouts follow the clock: backoff sleeps add up to the timeout") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  SystemClock real;
  LocalBackend holder(path);
  Diagnostics diags;
  REQUIRE(holder.lock(new_lock_info("apply", real), milliseconds(0), diags).acquired);
  // flock locks belong to open files, so a second backend in this process is shut out too.
  FakeClock clock;
  LocalBackend waiter(path, &clock);
  Diagnostics busy;
  CHECK_FALSE(waiter.lock(new_lock_info("plan", clock), milliseconds(5000), busy).acquired);
  auto sleeps = clock.sleeps();
  milliseconds total(0);
  for (auto d : sleeps) total += d;
  CHECK(total == milliseconds(5000));
  CHECK(sleeps.front() == milliseconds(50));
  for (auto d : sleeps) CHECK(d <= milliseconds(500));
  CHECK(busy.items.at(0).detail.find("waited 5000 ms") != std::string::npos);
}

TEST_CASE("force-unlock clears a dead holder's record only with the right ID") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  LocalBackend backend(path);
  Diagnostics none;
  CHECK_FALSE(backend.force_unlock("x", false, none));
  CHECK(none.items.at(0).summary.find("not locked") != std::string::npos);

  Child holder([&](Child& self) {
    LocalBackend b(path);
    SystemClock clock;
    Diagnostics diags;
    if (!b.lock(new_lock_info("apply", clock), milliseconds(0), diags).acquired) ::_exit(2);
    self.signal_parent();
    ::pause();
  });
  REQUIRE(holder.wait_child());
  auto record =
      LockInfo::from_json(nlohmann::json::parse(fedplan::testing::read_text(backend.lock_path())));
  REQUIRE(record);
  holder.kill_and_reap();
  REQUIRE(fs::exists(backend.lock_path()));  // the record outlives its process

  Diagnostics wrong;
  CHECK_FALSE(backend.force_unlock("00000000-0000-4000-8000-000000000000", false, wrong));
  CHECK(wrong.items.at(0).summary.find("does not match") != std::string::npos);
  CHECK(wrong.items.at(0).detail.find(record->id) != std::string::npos);
  CHECK(fs::exists(backend.lock_path()));

  Diagnostics ok;
  CHECK(backend.force_unlock(record->id, false, ok));
  CHECK_FALSE(ok.has_errors());
  CHECK(ok.items.at(0).summary.find("stale") != std::string::npos);
  CHECK_FALSE(fs::exists(backend.lock_path()));
}

TEST_CASE("force-unlock refuses a live holder unless told to break the lock") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  Child holder([&](Child& self) {
    LocalBackend b(path);
    SystemClock clock;
    Diagnostics diags;
    LockInfo info = new_lock_info("apply", clock);
    if (!b.lock(info, milliseconds(0), diags).acquired) ::_exit(2);
    self.signal_parent();
    self.wait_parent();
    // Its own unlock must not remove the lock file of the run that broke in.
    ::_exit(b.unlock(info.id, diags) ? 0 : 4);
  });
  REQUIRE(holder.wait_child());
  LocalBackend backend(path);
  auto record =
      LockInfo::from_json(nlohmann::json::parse(fedplan::testing::read_text(backend.lock_path())));
  REQUIRE(record);

  Diagnostics refused;
  CHECK_FALSE(backend.force_unlock(record->id, false, refused));
  CHECK(refused.items.at(0).summary.find("running process") != std::string::npos);
  CHECK(refused.items.at(0).detail.find("pid " + std::to_string(holder.pid)) != std::string::npos);

  Diagnostics broke;
  CHECK(backend.force_unlock(record->id, true, broke));
  CHECK(broke.items.at(0).summary.find("Broke the state lock") != std::string::npos);
  SystemClock clock;
  Diagnostics diags;
  LockInfo mine = new_lock_info("apply", clock);
  REQUIRE(backend.lock(mine, milliseconds(0), diags).acquired);

  holder.signal_child();
  CHECK(holder.reap() == 0);
  LocalBackend third(path);
  Diagnostics busy;
  CHECK_FALSE(third.lock(new_lock_info("plan", clock), milliseconds(0), busy).acquired);
  CHECK(LockInfo::from_json(nlohmann::json::parse(fedplan::testing::read_text(backend.lock_path())))
            ->id == mine.id);
  CHECK(backend.unlock(mine.id, diags));
}

TEST_CASE("temp files of dead writers on this host are removed, live ones kept") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  // Temp files are named .NAME.tmp.HOST.PID.XXXXXX, HOST cut to 32 characters.
  std::string prefix = (dir / ".fedplan.state.json.tmp.") + std::string(host).substr(0, 32) + ".";
  std::string dead_tmp = prefix + std::to_string(dead) + ".abc123";
  std::string live_tmp = prefix + std::to_string(::getppid()) + ".abc123";
  std::string other_host = (dir / ".fedplan.state.json.tmp.elsewhere.") + std::to_string(dead);
  for (const auto& p : {dead_tmp, live_tmp, other_host}) std::ofstream(p) << "partial";
  LocalBackend backend(path);
  Diagnostics diags;
  State s = *backend.read(diags);
  REQUIRE(backend.write(s, diags));
  CHECK_FALSE(fs::exists(dead_tmp));
  CHECK(fs::exists(live_tmp));
  CHECK(fs::exists(other_host));
}

TEST_CASE("a state file readable by others is read with a warning") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  LocalBackend backend(path);
  Diagnostics diags;
  State s = *backend.read(diags);
  REQUIRE(backend.write(s, diags));
  ::chmod(path.c_str(), 0644);
  Diagnostics warned;
  REQUIRE(backend.read(warned));
  CHECK_FALSE(warned.has_errors());
  REQUIRE(warned.size() == 1);
  CHECK(warned.items[0].summary.find("can be read by other users") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
