// Tests of the local provider's file layer: removal and permission strings.
#include "providers/builtin/file_io.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"

namespace fedplan::builtin {

using namespace fedplan::testing;

TEST_CASE("remove deletes files, accepts missing ones and refuses directories") {
  TempDir t;
  t.write("f", "x");
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
