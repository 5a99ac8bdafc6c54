// Tests of the local provider's file layer: atomic writes with exact modes, parent directory
// creation, reads of missing and odd paths, removal, and permission strings.
#include "providers/builtin/file_io.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "providers/builtin/testing/temp_dir_test_util.h"

namespace fedplan::builtin {

using namespace testing;

TEST_CASE("atomic write creates parents with exact modes regardless of umask") {
  TempDir t;
  ScopedUmask umask(077);
  std::string file = t / "a/b/c.yaml";
  REQUIRE(write_file_atomic(file, "kind: ConfigMap\n", 0644, 0755) == "");
  CHECK(slurp(file) == "kind: ConfigMap\n");
  CHECK(mode_of(file) == 0644);
  CHECK(mode_of(t / "a") == 0755);
  CHECK(mode_of(t / "a/b") == 0755);
}

TEST_CASE("atomic write leaves existing directories alone and no temp file behind") {
  TempDir t;
  REQUIRE(::mkdir((t / "d").c_str(), 0711) == 0);
  REQUIRE(::chmod((t / "d").c_str(), 0711) == 0);
  REQUIRE(write_file_atomic(t / "d/f", "one", 0600, 0755) == "");
  REQUIRE(write_file_atomic(t / "d/f", "two", 0640, 0755) == "");
  CHECK(slurp(t / "d/f") == "two");
  CHECK(mode_of(t / "d/f") == 0640);
  CHECK(mode_of(t / "d") == 0711);
  CHECK(entries(t / "d") == 1);
}

TEST_CASE("atomic write reports a directory in the way and cleans up") {
  TempDir t;
  REQUIRE(::mkdir((t / "x").c_str(), 0755) == 0);
  std::string err = write_file_atomic(t / "x", "data", 0644, 0755);
  CHECK(err.find("is a directory") != std::string::npos);
  spit(t / "plain", "file");
  err = write_file_atomic(t / "plain/inner.txt", "data", 0644, 0755);
  CHECK(err.find("cannot create directory") != std::string::npos);
  CHECK(entries(t.path) == 2);
}

TEST_CASE("atomic write works for a file name of the maximum length") {
  TempDir t;
  std::string name(255, 'n');
  REQUIRE(write_file_atomic(t / name, "long", 0644, 0755) == "");
  CHECK(slurp(t / name) == "long");
  CHECK(entries(t.path) == 1);
}

// The "HOST" part of temp file names, as file_io.cc builds it.
std::string host_tag() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  std::string h = buf;
  for (char& c : h)
    if (c == '/' || c == '-') c = '_';
  return h.substr(0, 32);
}

// A PID that belonged to a process that has ended (and been reaped).
pid_t dead_pid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return pid;
}

TEST_CASE("a write removes temp files that killed writers left, and only those") {
  TempDir t;
  std::string host = host_tag();
  std::string dead = ".f.fedplan-" + host + "-" + std::to_string(dead_pid()) + "-a1b2c3";
  std::string live = ".g.fedplan-" + host + "-" + std::to_string(getppid()) + "-a1b2c3";
  std::string mine = ".h.fedplan-" + host + "-" + std::to_string(getpid()) + "-a1b2c3";
  std::string other_host = ".f.fedplan-elsewhere-" + std::to_string(dead_pid()) + "-a1b2c3";
  std::string not_ours = ".f.fedplan-" + host + "-123-xyz";
  for (const std::string& n : {dead, live, mine, other_host, not_ours}) spit(t / n, "partial");
  StaleTempSweeper sweeper;
  REQUIRE(write_file_atomic(t / "f", "whole", 0644, 0755, &sweeper) == "");
  CHECK_FALSE(std::filesystem::exists(t / dead));
  CHECK(std::filesystem::exists(t / live));
  CHECK(std::filesystem::exists(t / mine));
  CHECK(std::filesystem::exists(t / other_host));
  CHECK(std::filesystem::exists(t / not_ours));
  CHECK(entries(t.path) == 5);
  // A directory is swept once per sweeper: a leftover appearing later stays until a new run.
  spit(t / dead, "partial");
  REQUIRE(write_file_atomic(t / "f", "again", 0644, 0755, &sweeper) == "");
  CHECK(std::filesystem::exists(t / dead));
  StaleTempSweeper next_run;
  REQUIRE(write_file_atomic(t / "f", "again", 0644, 0755, &next_run) == "");
  CHECK_FALSE(std::filesystem::exists(t / dead));
}

TEST_CASE("read tells a missing file from one that cannot be read") {
  TempDir t;
  FileRead missing = read_whole_file(t / "nope");
  CHECK_FALSE(missing.exists);
  CHECK(missing.error == "");
  spit(t / "file", "x");
  FileRead under_file = read_whole_file(t / "file/child");
  CHECK_FALSE(under_file.exists);
  CHECK(under_file.error == "");
  FileRead dir = read_whole_file(t.path);
  CHECK(dir.error.find("is a directory") != std::string::npos);
  std::string big(200000, 'z');
  big[123456] = '\0';
  spit(t / "big", big);
  REQUIRE(::chmod((t / "big").c_str(), 0604) == 0);
  FileRead r = read_whole_file(t / "big");
  CHECK(r.exists);
  CHECK(r.content == big);
  CHECK(r.mode == 0604);
}

TEST_CASE("remove deletes files, accepts missing ones and refuses directories") {
  TempDir t;
  spit(t / "f", "x");
  CHECK(remove_file(t / "f") == "");
  CHECK_FALSE(exists(t / "f"));
  CHECK(remove_file(t / "f") == "");
  REQUIRE(::mkdir((t / "d").c_str(), 0755) == 0);
  CHECK(remove_file(t / "d") != "");
  CHECK(exists(t / "d"));
}

TEST_CASE("permission strings: 3 or 4 octal digits up to 0777") {
  CHECK(parse_mode("0644") == 0644u);
  CHECK(parse_mode("755") == 0755u);
  CHECK(parse_mode("0000") == 0u);
  std::string why;
  CHECK_FALSE(parse_mode("0888", &why));
  CHECK(why.find("octal") != std::string::npos);
  CHECK_FALSE(parse_mode("64", &why));
  CHECK(why.find("3 or 4") != std::string::npos);
  CHECK_FALSE(parse_mode("4755", &why));
  CHECK(why.find("0777") != std::string::npos);
  CHECK_FALSE(parse_mode("rw-r", &why));
  CHECK(format_mode(0644) == "0644");
  CHECK(format_mode(0) == "0000");
  CHECK(format_mode(0777) == "0777");
}

}  // namespace fedplan::builtin
