// Tests of the file layer: atomic writes with exact modes, parent directory creation, the
// sweep of killed writers' temp files, and reads of missing and odd paths.
#include "base/files.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"

namespace fedplan {
namespace {

using namespace testing;

WriteFileOptions with(unsigned mode, std::optional<unsigned> dir_mode = std::nullopt) {
  WriteFileOptions o;
  o.mode = mode;
  o.dir_mode = dir_mode;
  return o;
}

// The HOST part of temp file names, as files.cc builds it.
std::string host_tag() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  std::string h = buf;
  for (char& c : h)
    if (c == '/') c = '_';
  return h.substr(0, 32);
}

// A PID that belonged to a process that has ended (and been reaped).
pid_t dead_pid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return pid;
}

}  // namespace

TEST_CASE("atomic write creates parents with exact modes regardless of umask") {
  TempDir t;
  ScopedUmask umask(077);
  std::string file = t / "a/b/c.yaml";
  std::string err;
  REQUIRE_MESSAGE(write_file_atomic(file, "kind: ConfigMap\n", with(0644, 0755), &err), err);
  CHECK(read_text(file) == "kind: ConfigMap\n");
  CHECK(mode_of(file) == 0644);
  CHECK(mode_of(t / "a") == 0755);
  CHECK(mode_of(t / "a/b") == 0755);
}

TEST_CASE("atomic write leaves existing directories alone and no temp file behind") {
  TempDir t;
  REQUIRE(::mkdir((t / "d").c_str(), 0711) == 0);
  REQUIRE(::chmod((t / "d").c_str(), 0711) == 0);
  std::string err;
  REQUIRE(write_file_atomic(t / "d/f", "one", with(0600, 0755), &err));
  ino_t inode = 0;
  WriteFileOptions second = with(0640);
  second.inode = &inode;
  REQUIRE(write_file_atomic(t / "d/f", "two", second, &err));
  CHECK(read_text(t / "d/f") == "two");
  CHECK(mode_of(t / "d/f") == 0640);
  CHECK(mode_of(t / "d") == 0711);
  CHECK(entries(t / "d") == 1);
  struct stat st;
  REQUIRE(::stat((t / "d/f").c_str(), &st) == 0);
  CHECK(st.st_ino == inode);
}

TEST_CASE("atomic write reports what is in the way and cleans up") {
  TempDir t;
  REQUIRE(::mkdir((t / "x").c_str(), 0755) == 0);
  std::string err;
  CHECK_FALSE(write_file_atomic(t / "x", "data", with(0644, 0755), &err));
  CHECK(err == "cannot write " + (t / "x") + ": Is a directory");
  t.write("plain", "file");
  CHECK_FALSE(write_file_atomic(t / "plain/inner.txt", "data", with(0644, 0755), &err));
  CHECK(err.find("cannot create directory") != std::string::npos);
  CHECK_FALSE(write_file_atomic(t / "missing/inner.txt", "data", with(0644), &err));
  CHECK(err.find("No such file or directory") != std::string::npos);
  CHECK(entries(t.path()) == 2);
}

TEST_CASE("atomic write works for a file name of the maximum length") {
  TempDir t;
  std::string name(255, 'n');
  std::string err;
  REQUIRE_MESSAGE(write_file_atomic(t / name, "long", with(0644), &err), err);
  CHECK(read_text(t / name) == "long");
  CHECK(entries(t.path()) == 1);
}

TEST_CASE("the sweep removes temp files that killed writers left, and only those") {
  TempDir t;
  std::string host = host_tag();
  std::string dead = ".f.tmp." + host + "." + std::to_string(dead_pid()) + ".a1b2c3";
  std::string live = ".g.tmp." + host + "." + std::to_string(getppid()) + ".a1b2c3";
  std::string mine = ".h.tmp." + host + "." + std::to_string(getpid()) + ".a1b2c3";
  std::string other_host = ".f.tmp.elsewhere." + std::to_string(dead_pid()) + ".a1b2c3";
  std::string not_ours = ".f.tmp." + host + ".123.xyz";
  for (const std::string& n : {dead, live, mine, other_host, not_ours}) t.write(n, "partial");
  StaleTempSweeper sweeper;
  sweeper.sweep_once(t.path());
  CHECK_FALSE(std::filesystem::exists(t / dead));
  CHECK(std::filesystem::exists(t / live));
  CHECK(std::filesystem::exists(t / mine));
  CHECK(std::filesystem::exists(t / other_host));
  CHECK(std::filesystem::exists(t / not_ours));
  CHECK(entries(t.path()) == 4);
  // A directory is swept once per sweeper: a leftover appearing later stays until a new run.
  t.write(dead, "partial");
  sweeper.sweep_once(t.path());
  CHECK(std::filesystem::exists(t / dead));
  StaleTempSweeper next_run;
  next_run.sweep_once(t.path());
  CHECK_FALSE(std::filesystem::exists(t / dead));
}

TEST_CASE("read tells a missing file from one that cannot be read") {
  TempDir t;
  FileRead missing = read_file_if_exists(t / "nope");
  CHECK_FALSE(missing.exists);
  CHECK(missing.error == "");
  t.write("file", "x");
  FileRead under_file = read_file_if_exists(t / "file/child");
  CHECK_FALSE(under_file.exists);
  CHECK(under_file.error == "");
  FileRead dir = read_file_if_exists(t.path());
  CHECK(dir.error == "cannot read " + t.path() + ": Is a directory");
  std::string big(200000, 'z');
  big[123456] = '\0';
  t.write("big", big);
  REQUIRE(::chmod((t / "big").c_str(), 0604) == 0);
  FileRead r = read_file_if_exists(t / "big");
  CHECK(r.exists);
  CHECK(r.content == big);
  CHECK((r.stat.st_mode & 0777) == 0604);
}

TEST_CASE("read_file names the path and the reason when it fails") {
  TempDir t;
  std::string text = "untouched", err;
  CHECK_FALSE(read_file(t / "nope", &text, &err));
  CHECK(err == "cannot read " + (t / "nope") + ": No such file or directory");
  CHECK(text == "untouched");
  CHECK_FALSE(read_file(t / "nope", &text, &err, "the plan file"));
  CHECK(err == "cannot read the plan file " + (t / "nope") + ": No such file or directory");
  t.write("yes", "content");
  REQUIRE(read_file(t / "yes", &text, &err));
  CHECK(text == "content");
}

TEST_CASE("the directory of a path") {
  CHECK(directory_of("f") == ".");
  CHECK(directory_of("/f") == "/");
  CHECK(directory_of("a/b/f") == "a/b");
}

}  // namespace fedplan
