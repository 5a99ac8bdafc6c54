// Tests of SubprocessRunner against real programs (printf, cat, sh, sleep) and of shell_quote
// by round-tripping hostile strings through a real `sh -c` and `bash -c`.
#include "base/process.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

namespace fedplan {
namespace {

using namespace std::chrono_literals;

// Splits printf '%s\0' output back into its words.
std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\0') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Strings a shell would love to interpret.
std::vector<std::string> hostile_strings() {
  std::string all_ascii;
  for (int c = 1; c < 128; ++c) all_ascii += static_cast<char>(c);
  return {"",
          "plain",
          "two words",
          "it's",
          "'",
          "''",
          "\"",
          "\\",
          "\\'",
          "'\\''",
          "$(touch /tmp/fedplan-process-test-pwned)",
          "`id`",
          "$HOME",
          "${HOME}",
          "a;b",
          "a|b",
          "a && b || c",
          "> /tmp/fedplan-process-test-pwned",
          "*",
          "?",
          "[a-z]",
          "~",
          "~root",
          "{a,b}",
          "!",
          "!!",
          "#comment",
          "A=b",
          "-n",
          "--",
          "\n",
          "line1\nline2\n",
          "\t tab",
          "  leading and trailing  ",
          "ünïcødé ✓",
          "\xff\xfe high bytes",
          all_ascii};
}

bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  // Reparented to an init that has not reaped it yet: a zombie is gone for our purpose.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

TEST_CASE("argv reaches the program verbatim, with no shell in between") {
  SubprocessRunner runner;
  std::vector<std::string> words = {";",        "$(echo injected)", "`echo injected`",
                                    "'single'", "\"double\"",       "a\nb",
                                    "*",        "&& echo injected", "",
                                    "$HOME"};
  std::vector<std::string> argv = {"printf", "%s\\0"};
  argv.insert(argv.end(), words.begin(), words.end());
  ProcessResult r = runner.run(argv);
  REQUIRE(r.error == "");
  CHECK(r.exit_code == 0);
  CHECK(split_nul(r.out) == words);
}

TEST_CASE("exit codes come back as the program's exit status") {
  SubprocessRunner runner;
  CHECK(runner.run({"true"}).exit_code == 0);
  CHECK(runner.run({"true"}).ok());
  ProcessResult f = runner.run({"false"});
  CHECK(f.exit_code == 1);
  CHECK_FALSE(f.ok());
  CHECK(f.error == "");  // a non-zero exit is not a failure to run
  CHECK(runner.run({"sh", "-c", "exit 112"}).exit_code == 112);
  CHECK(runner.run({"sh", "-c", "exit 252"}).exit_code == 252);
}

TEST_CASE("a program ended by a signal reports 128 plus the signal") {
  SubprocessRunner runner;
  ProcessResult r = runner.run({"sh", "-c", "kill -TERM $$"});
  CHECK(r.term_signal == SIGTERM);
  CHECK(r.exit_code == 128 + SIGTERM);
  CHECK_FALSE(r.timed_out);
}

TEST_CASE("stdout and stderr are captured apart") {
  SubprocessRunner runner;
  ProcessResult r = runner.run({"sh", "-c", "echo out; echo err >&2; echo out2; exit 3"});
  CHECK(r.out == "out\nout2\n");
  CHECK(r.err == "err\n");
  CHECK(r.exit_code == 3);
}

TEST_CASE("stdin is fed to the program, larger than a pipe buffer") {
  SubprocessRunner runner;
  std::string input;
  for (int i = 0; input.size() < 1024 * 1024; ++i) input += "line " + std::to_string(i) + "\n";
  ProcessResult r = runner.run({"cat"}, input);
  REQUIRE(r.error == "");
  CHECK(r.exit_code == 0);
  CHECK(r.out.size() == input.size());
  CHECK(r.out == input);
}

TEST_CASE("a program that ignores its stdin neither hangs nor kills the caller") {
  SubprocessRunner runner;
  std::string input(4 * 1024 * 1024, 'x');
  ProcessResult r = runner.run({"true"}, input, 10s);
  CHECK(r.error == "");
  CHECK(r.exit_code == 0);
  ProcessResult half = runner.run({"head", "-c", "10"}, input, 10s);
  CHECK(half.exit_code == 0);
  CHECK(half.out == "xxxxxxxxxx");
}

TEST_CASE("with no stdin data the program reads end of file") {
  SubprocessRunner runner;
  ProcessResult r = runner.run({"cat"}, "", 10s);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "");
}

TEST_CASE("large output on both streams does not deadlock") {
  SubprocessRunner runner;
  ProcessResult r = runner.run(
      {"sh", "-c", "head -c 3000000 /dev/zero; head -c 2000000 /dev/zero >&2; echo done"}, "", 30s);
  REQUIRE(r.error == "");
  CHECK(r.out.size() == 3000000 + 5);
  CHECK(r.err.size() == 2000000);
}

TEST_CASE("output over the limit kills the program and is an error") {
  SubprocessRunner runner;
  ProcessRequest req;
  req.argv = {"sh", "-c", "while :; do echo spam; done"};
  req.max_output_bytes = 100000;
  req.timeout = 30s;
  ProcessResult r = runner.run(req);
  CHECK_FALSE(r.timed_out);
  CHECK(r.error.find("output over 100000 bytes") != std::string::npos);
  CHECK(r.term_signal == SIGKILL);
}

TEST_CASE("the timeout kills the program's whole process group") {
  SubprocessRunner runner;
  auto start = std::chrono::steady_clock::now();
  // The shell prints its background child's pid, then waits on it: both must die.
  ProcessResult r = runner.run({"sh", "-c", "sleep 30 & echo $!; wait"}, "", 1500ms);
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(r.timed_out);
  CHECK(r.error.find("timed out after 1500 ms") != std::string::npos);
  CHECK(r.term_signal == SIGKILL);
  CHECK(took < 10s);
  REQUIRE_FALSE(r.out.empty());
  pid_t grandchild = static_cast<pid_t>(std::stol(r.out));
  for (int i = 0; i < 50 && !process_gone(grandchild); ++i) ::usleep(20000);
  CHECK(process_gone(grandchild));
}

TEST_CASE("a program that closes its outputs is still bounded by the timeout") {
  SubprocessRunner runner;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = runner.run({"sh", "-c", "exec >&- 2>&-; sleep 30"}, "", 300ms);
  CHECK(r.timed_out);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("a background grandchild holding stdout does not keep the run waiting") {
  SubprocessRunner runner;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = runner.run({"sh", "-c", "sleep 3 & echo done"}, "", 20s);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "done\n");
  CHECK(std::chrono::steady_clock::now() - start < 2500ms);
}

TEST_CASE("a missing program is a clear error, not an exit code") {
  SubprocessRunner runner;
  ProcessResult r = runner.run({"fedplan-no-such-program-xyz", "--state"});
  CHECK(r.exit_code == -1);
  CHECK_FALSE(r.timed_out);
  CHECK(r.error == "cannot run 'fedplan-no-such-program-xyz': program not found in PATH");
  ProcessResult abs = runner.run({"/nonexistent/firewall-cmd"});
  CHECK(abs.exit_code == -1);
  CHECK(abs.error.find("'/nonexistent/firewall-cmd'") != std::string::npos);
  CHECK(abs.error.find("No such file or directory") != std::string::npos);
}

TEST_CASE("a file that is not executable is a clear error") {
  char path[] = "/tmp/fedplan-process-test-XXXXXX";
  int fd = ::mkstemp(path);  // mode 0600: no execute bit
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, "#!/bin/sh\n", 10) == 10);
  ::close(fd);
  SubprocessRunner runner;
  ProcessResult r = runner.run({path});
  ::unlink(path);
  CHECK(r.exit_code == -1);
  CHECK(r.error == "cannot run '" + std::string(path) + "': Permission denied");
}

TEST_CASE("an empty argv is an error") {
  SubprocessRunner runner;
  CHECK(runner.run(std::vector<std::string>{}).error == "cannot run a program: empty argv");
}

TEST_CASE("extra_env is laid over the inherited environment") {
  SubprocessRunner runner;
  ProcessResult r = runner.run({"sh", "-c", "printf '%s|%s' \"$FEDPLAN_TEST_VAR\" \"$HOME\""}, "",
                               10s, {{"FEDPLAN_TEST_VAR", "a b;$(c)"}});
  const char* home = ::getenv("HOME");
  CHECK(r.out == std::string("a b;$(c)|") + (home ? home : ""));
  ProcessResult replaced = runner.run({"printenv", "HOME"}, "", 10s, {{"HOME", "/elsewhere"}});
  CHECK(replaced.out == "/elsewhere\n");
}

TEST_CASE("PATH from extra_env is the one searched") {
  SubprocessRunner runner;
  ProcessResult r = runner.run({"printf", "x"}, "", 10s, {{"PATH", "/nonexistent"}});
  CHECK(r.error == "cannot run 'printf': program not found in PATH");
}

TEST_CASE("shell_quote leaves plain words alone and single-quotes the rest") {
  CHECK(shell_quote("firewall-cmd") == "firewall-cmd");
  CHECK(shell_quote("--zone=libvirt") == "'--zone=libvirt'");
  CHECK(shell_quote("--add-port") == "--add-port");
  CHECK(shell_quote("31000/tcp") == "31000/tcp");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("$(id)") == "'$(id)'");
  CHECK(shell_join({"firewall-cmd", "--state"}) == "firewall-cmd --state");
  CHECK(shell_join({"echo", "", "a b"}) == "echo '' 'a b'");
}

TEST_CASE("shell_quote round-trips hostile strings through a real sh -c and bash -c") {
  SubprocessRunner runner;
  ::unlink("/tmp/fedplan-process-test-pwned");
  std::vector<std::string> words = hostile_strings();
  std::vector<std::string> command = {"printf", "%s\\0"};
  command.insert(command.end(), words.begin(), words.end());
  for (const char* shell : {"sh", "bash"}) {
    CAPTURE(shell);
    // What ssh does on the remote side: the user's shell gets the joined line as one string.
    ProcessResult r = runner.run({shell, "-c", shell_join(command)});
    REQUIRE(r.error == "");
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(split_nul(r.out) == words);
    // One word at a time too, so a failure names the word.
    for (const auto& w : words) {
      CAPTURE(w);
      ProcessResult one = runner.run({shell, "-c", "printf '%s' " + shell_quote(w)});
      CHECK(one.out == w);
    }
  }
  CHECK(::access("/tmp/fedplan-process-test-pwned", F_OK) != 0);
}

}  // namespace
}  // namespace fedplan
