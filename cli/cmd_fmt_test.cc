// Tests for `fedplan fmt` on real files in a temporary directory: rewriting, -check exit codes,
// -diff output, -recursive, stdin, syntax errors and atomic replacement.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "cli/cli.h"
#include "cli/testing/cli_run.h"

using namespace fedplan;
namespace fs = std::filesystem;

namespace {

using Run = testing::CliRun;
using testing::cli_run;

// Runs in `dir` as the current directory and restores the old one.
struct InDir {
  fs::path old = fs::current_path();
  explicit InDir(const fs::path& dir) { fs::current_path(dir); }
  ~InDir() { fs::current_path(old); }
};

const char* const kUgly = "a=1\nbbb   =  2\n";
const char* const kPretty = "a   = 1\nbbb = 2\n";

}  // namespace

TEST_CASE("fmt rewrites the files of the current directory, lists them and keeps their mode") {
  fedplan::testing::TempDir d;
  std::string ugly = d.write("main.fed.hcl", kUgly);
  std::string pretty = d.write("ok.fed.hcl", kPretty);
  std::string other = d.write("notes.hcl", kUgly);
  fs::permissions(ugly, fs::perms(0640));
  InDir in(d.path());
  Run r = cli_run({"fmt"});
  CHECK(r.code == 0);
  CHECK(r.out == "main.fed.hcl\n");
  CHECK(fedplan::testing::read_text(ugly) == kPretty);
  CHECK(fedplan::testing::read_text(pretty) == kPretty);
  CHECK(fedplan::testing::read_text(other) == kUgly);  // only *.fed.hcl files are formatted
  CHECK((fs::status(ugly).permissions() & fs::perms::all) == fs::perms(0640));
  // No temporary file is left behind.
  size_t entries = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(d.path())) ++entries;
  CHECK(entries == 3);
  // A second run finds nothing to do.
  Run again = cli_run({"fmt"});
  CHECK(again.code == 0);
  CHECK(again.out == "");
}

TEST_CASE("-check exits 3 and lists the files that would change, changing nothing") {
  fedplan::testing::TempDir d;
  std::string ugly = d.write("main.fed.hcl", kUgly);
  d.write("ok.fed.hcl", kPretty);
  Run r = cli_run({"fmt", "-check", d.path()});
  CHECK(r.code == 3);
  CHECK(r.out == (d / "main.fed.hcl") + "\n");
  CHECK(fedplan::testing::read_text(ugly) == kUgly);
  fs::remove(ugly);
  Run clean = cli_run({"fmt", "-check", d.path()});
  CHECK(clean.code == 0);
  CHECK(clean.out == "");
}

TEST_CASE("-diff prints a unified diff, with -check nothing is written") {
  fedplan::testing::TempDir d;
  std::string ugly = d.write("main.fed.hcl", kUgly);
  InDir in(d.path());
  Run r = cli_run({"fmt", "-check", "-diff", "main.fed.hcl"});
  CHECK(r.code == 3);
  CHECK(r.out ==
        "main.fed.hcl\n"
        "--- old/main.fed.hcl\n"
        "+++ new/main.fed.hcl\n"
        "@@ -1,2 +1,2 @@\n"
        "-a=1\n"
        "-bbb   =  2\n"
        "+a   = 1\n"
        "+bbb = 2\n");
  CHECK(fedplan::testing::read_text(ugly) == kUgly);
  Run w = cli_run({"fmt", "-diff", "main.fed.hcl"});
  CHECK(w.code == 0);
  CHECK(w.out == r.out);
  CHECK(fedplan::testing::read_text(ugly) == kPretty);
}

TEST_CASE("-recursive descends into subdirectories but not hidden ones") {
  fedplan::testing::TempDir d;
  std::string top = d.write("a.fed.hcl", kUgly);
  std::string sub = d.write("mod/inner/b.fed.hcl", kUgly);
  std::string hidden = d.write(".git/c.fed.hcl", kUgly);
  Run flat = cli_run({"fmt", d.path()});
  CHECK(flat.code == 0);
  CHECK(fedplan::testing::read_text(top) == kPretty);
  CHECK(fedplan::testing::read_text(sub) == kUgly);
  Run deep = cli_run({"fmt", "-recursive", d.path()});
  CHECK(deep.code == 0);
  CHECK(deep.out == sub + "\n");
  CHECK(fedplan::testing::read_text(sub) == kPretty);
  CHECK(fedplan::testing::read_text(hidden) == kUgly);
}

TEST_CASE("a file with syntax errors is reported with its position and left untouched") {
  fedplan::testing::TempDir d;
  std::string bad_text = "a = {\n  b = 1\n\nc =   2\n";
  std::string bad = d.write("bad.fed.hcl", bad_text);
  std::string good = d.write("good.fed.hcl", kUgly);
  InDir in(d.path());
  Run r = cli_run({"fmt"});
  CHECK(r.code == 1);
  CHECK(fedplan::testing::read_text(bad) == bad_text);
  CHECK(fedplan::testing::read_text(good) == kPretty);  // the other files are still formatted
  CHECK(r.err.find("bad.fed.hcl:") != std::string::npos);
  CHECK(r.err.find("^") != std::string::npos);  // the caret under the offending column
  CHECK(r.err.find("bad.fed.hcl was not changed") != std::string::npos);
  CHECK(cli_run({"fmt", "-check"}).code == 1);
}

TEST_CASE("- formats stdin to stdout, with -check only the exit code tells") {
  Run r = cli_run({"fmt", "-"}, kUgly);
  CHECK(r.code == 0);
  CHECK(r.out == kPretty);
  Run c = cli_run({"fmt", "-check", "-"}, kUgly);
  CHECK(c.code == 3);
  CHECK(c.out == "");
  CHECK(cli_run({"fmt", "-check", "-"}, kPretty).code == 0);
  // Printed text ends with a newline, as `terraform fmt -` prints it; a file keeps its end.
  CHECK(cli_run({"fmt", "-"}, "a=1").out == "a = 1\n");
  CHECK(cli_run({"fmt", "-"}, "").out == "\n");
  Run bad = cli_run({"fmt", "-"}, "a = (\n");
  CHECK(bad.code == 1);
  CHECK(bad.out == "");
  CHECK(bad.err.find("<stdin>:") != std::string::npos);
}

TEST_CASE("a missing target is an error") {
  Run r = cli_run({"fmt", "/nonexistent/fedplan/dir"});
  CHECK(r.code == 1);
  CHECK(r.err.find("no such file or directory") != std::string::npos);
}

TEST_CASE("a symlinked file is formatted through the link, which stays a link") {
  fedplan::testing::TempDir d;
  std::string real = d.write("real/main.fed.hcl", kUgly);
  fs::path link = d / "main.fed.hcl";
  fs::create_symlink(real, link);
  Run r = cli_run({"fmt", link.string()});
  CHECK(r.code == 0);
  CHECK(fs::is_symlink(link));
  CHECK(fedplan::testing::read_text(real) == kPretty);
}

TEST_CASE("in a read-only directory fmt fails and the file keeps its old content") {
  fedplan::testing::TempDir d;
  fs::permissions(d.path(), fs::perms(0755));
  std::string path = d.write("ro/main.fed.hcl", kUgly);
  fs::permissions(path, fs::perms(0666));  // the file itself is writable; only a rename is used
  fs::permissions(d / "ro", fs::perms(0555));
  // root ignores directory permissions, so the command runs in a child as an unprivileged user.
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pipefd[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(99);
    Run r = cli_run({"fmt", path});
    ssize_t ignored = ::write(pipefd[1], r.err.data(), r.err.size());
    (void)ignored;
    ::_exit(r.code);
  }
  ::close(pipefd[1]);
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = ::read(pipefd[0], buf, sizeof buf)) > 0;) err.append(buf, size_t(n));
  ::close(pipefd[0]);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(err.find("cannot write") != std::string::npos);
  CHECK(err.find("temporary file") != std::string::npos);
  CHECK(fedplan::testing::read_text(path) == kUgly);
  size_t entries = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(d / "ro")) ++entries;
  CHECK(entries == 1);
}
