// Tests for the rules file() and templatefile() follow on the real disk: only regular files,
// at most kMaxFileSize bytes, refused before anything is read.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>

#include "base/testing/temp_dir.h"
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

namespace {

// Calls `fn` on `path` from the disk, giving up after five seconds: a read that blocks is
// unblocked by opening the FIFO for writing, so a failing test does not hang.
FunctionResult call_with_deadline(const char* fn, const std::string& path,
                                  std::vector<Value> more = {}) {
  std::vector<Value> args{str(path)};
  for (Value& v : more) args.push_back(std::move(v));
  auto result = std::async(std::launch::async, [&] { return call(fn, args); });
  if (result.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    int w = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
    if (w >= 0) ::close(w);
    FAIL_CHECK(fn << "(\"" << path << "\") blocked");
  }
  return result.get();
}

}  // namespace

TEST_CASE("file refuses a named pipe instead of waiting for a writer") {
  TempDir dir;
  std::string fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  FunctionResult r = call_with_deadline("file", fifo);
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("\"" + fifo + "\" is not a regular file (it is a named pipe)") !=
        std::string::npos);
}

TEST_CASE("file refuses a device instead of reading it forever") {
  FunctionResult r = call_with_deadline("file", "/dev/zero");
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("\"/dev/zero\" is not a regular file (it is a character device)") !=
        std::string::npos);
}

TEST_CASE("file refuses a file over the size limit before reading it") {
  TempDir dir;
  std::string big = dir / "big";
  // Sparse: the size is there, the disk blocks are not.
  int fd = ::open(big.c_str(), O_WRONLY | O_CREAT, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, static_cast<off_t>(kMaxFileSize) + 1) == 0);
  ::close(fd);
  FunctionResult r = call_with_deadline("file", big);
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("\"" + big + "\" is 67108865 bytes; file() and templatefile() read at most " +
                     "67108864 (64 MiB)") != std::string::npos);
}

TEST_CASE("templatefile follows the same rules as file") {
  TempDir dir;
  std::string fifo = dir / "pipe.tpl";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  FunctionResult r = call_with_deadline("templatefile", fifo, {Value::object({})});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("is not a regular file (it is a named pipe)") != std::string::npos);
}

TEST_CASE("file reads a regular file, also through a symbolic link") {
  TempDir dir;
  std::string target = dir.write("ca.pem", "PEM");
  REQUIRE(::symlink(target.c_str(), (dir / "link").c_str()) == 0);
  CHECK(eval("file", {str(dir / "link")}) == str("PEM"));
}
