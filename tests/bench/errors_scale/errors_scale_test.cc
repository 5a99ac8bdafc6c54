// Load and report a file of N broken lines (`x = "`, one error or more per line) at two sizes:
// the CPU time must grow about linearly. It grew as N^2 when each quoted line was found by
// scanning the file from its start (7 s at 50k lines, 28 s at 100k).
#include <doctest/doctest.h>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "base/diagnostics.h"
#include "base/testing/temp_dir.h"
#include "engine/config/loader.h"

namespace fedplan {
namespace {

// CPU time of this thread in seconds: on a shared machine it says more than wall time.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Seconds to load a module of `lines` unclosed strings and render every diagnostic; the
// rendered size is checked so the work cannot be skipped.
double report_seconds(size_t lines) {
  testing::TempDir dir;
  std::string text;
  for (size_t i = 0; i < lines; ++i) text += "x = \"\n";
  dir.write("main.fed.hcl", text);
  double start = cpu_seconds();
  Diagnostics diags;
  Config config = load_config(dir.path(), LoadOptions{}, diags);
  std::string out = render_diagnostics(diags, &config.sources);
  double took = cpu_seconds() - start;
  CHECK(diags.size() >= lines);
  CHECK(out.size() > lines * 100);
  return took;
}

TEST_CASE("reporting errors takes time in proportion to the file's size") {
  double small = report_seconds(25000);
  double big = report_seconds(100000);
  std::printf("25k lines: %.3f s, 100k lines: %.3f s CPU (%.1fx)\n", small, big, big / small);
  // Linear is 4x; quadratic was 16x. A small run is padded to 0.05 s so noise in a very
  // short measurement cannot fail the test.
  CHECK(big / std::max(small, 0.05) < 6.0);
}

}  // namespace
}  // namespace fedplan
