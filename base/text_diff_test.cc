// Tests for the line diff: shortest edit scripts, hunk headers and context, missing final
// newlines, and that applying the script to the old text gives the new one.
#include "base/text_diff.h"

#include <doctest/doctest.h>

#include <random>

using namespace fedplan;

namespace {

// Rebuilds the new text from the old one and the edit script; also counts edited lines.
std::string apply_runs(const std::vector<std::string_view>& a,
                       const std::vector<std::string_view>& b, const std::vector<DiffRun>& runs,
                       size_t* edits) {
  std::string out;
  size_t ai = 0, bi = 0;
  *edits = 0;
  for (const DiffRun& r : runs) {
    REQUIRE(r.old_start == ai);
    REQUIRE(r.new_start == bi);
    for (size_t k = 0; k < r.count; ++k) {
      if (r.kind == DiffRun::Kind::Keep) {
        REQUIRE(a[ai] == b[bi]);
        out += a[ai++];
        ++bi;
      } else if (r.kind == DiffRun::Kind::Remove) {
        ++ai;
        ++*edits;
      } else {
        out += b[bi++];
        ++*edits;
      }
    }
  }
  CHECK(ai == a.size());
  CHECK(bi == b.size());
  return out;
}

// Edit distance (insertions + deletions) by the quadratic LCS table, as the reference.
size_t lcs_distance(const std::vector<std::string_view>& a,
                    const std::vector<std::string_view>& b) {
  std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
  return a.size() + b.size() - 2 * t[0][0];
}

}  // namespace

TEST_CASE("split_lines keeps each newline and a last line without one") {
  CHECK(split_lines("").empty());
  CHECK(split_lines("a\nb") == std::vector<std::string_view>{"a\n", "b"});
  CHECK(split_lines("a\n\n") == std::vector<std::string_view>{"a\n", "\n"});
}

TEST_CASE("equal texts have no diff") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "old/x", "new/x") == "");
  CHECK(unified_diff("", "", "old/x", "new/x") == "");
}

TEST_CASE("a changed line is shown with three lines of context and diff(1) headers") {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  CHECK(unified_diff(a, b, "old/f", "new/f") ==
        "--- old/f\n+++ new/f\n"
        "@@ -2,7 +2,7 @@\n"
        " 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("changes far apart make separate hunks, close ones share a hunk") {
  std::string a, b, c;
  for (int i = 1; i <= 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
    c += (i == 2 || i == 8 ? "x" : std::to_string(i)) + "\n";
  }
  CHECK(unified_diff(a, b, "a", "b") ==
        "--- a\n+++ b\n"
        "@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
        "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n");
  // Lines 3..7 are 5 <= 2*3 kept lines, so one hunk covers both changes.
  CHECK(unified_diff(a, c, "a", "c") ==
        "--- a\n+++ c\n"
        "@@ -1,11 +1,11 @@\n 1\n-2\n+x\n 3\n 4\n 5\n 6\n 7\n-8\n+x\n 9\n 10\n 11\n");
}

TEST_CASE("insertions into and deletions from empty texts use diff(1) ranges") {
  CHECK(unified_diff("", "a\nb\n", "o", "n") == "--- o\n+++ n\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  CHECK(unified_diff("a\n", "", "o", "n") == "--- o\n+++ n\n@@ -1 +0,0 @@\n-a\n");
  CHECK(unified_diff("a\nc\n", "a\nb\nc\n", "o", "n") ==
        "--- o\n+++ n\n@@ -1,2 +1,3 @@\n a\n+b\n c\n");
}

TEST_CASE("a missing newline at the end of file is marked") {
  CHECK(unified_diff("a\nb", "a\nb\n", "o", "n") ==
        "--- o\n+++ n\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

TEST_CASE("removals come before additions within one change") {
  std::vector<std::string_view> a = {"a\n", "b\n", "c\n"}, b = {"a\n", "x\n", "y\n", "c\n"};
  std::vector<DiffRun> runs = diff_lines(a, b);
  REQUIRE(runs.size() == 4);
  CHECK(runs[1].kind == DiffRun::Kind::Remove);
  CHECK(runs[2].kind == DiffRun::Kind::Add);
  CHECK(runs[2].count == 2);
}

TEST_CASE("edit scripts of random texts rebuild the new text and are shortest") {
  std::mt19937 rng(12345);
  const std::vector<std::string_view> alphabet = {"a\n", "b\n", "c\n", "d\n"};
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string_view> a, b;
    size_t na = rng() % 30, nb = rng() % 30;
    for (size_t i = 0; i < na; ++i) a.push_back(alphabet[rng() % alphabet.size()]);
    // Half the time, b is a mutation of a (the common case for formatting diffs).
    if (round % 2 == 0) {
      b = a;
      for (size_t e = rng() % 5; e > 0; --e) {
        size_t at = b.empty() ? 0 : rng() % (b.size() + 1);
        if (rng() % 2 && at < b.size())
          b.erase(b.begin() + static_cast<long>(at));
        else
          b.insert(b.begin() + static_cast<long>(at), alphabet[rng() % alphabet.size()]);
      }
    } else {
      for (size_t i = 0; i < nb; ++i) b.push_back(alphabet[rng() % alphabet.size()]);
    }
    size_t edits = 0;
    std::string rebuilt = apply_runs(a, b, diff_lines(a, b), &edits);
    std::string expected;
    for (std::string_view l : b) expected += l;
    CHECK(rebuilt == expected);
    CHECK(edits == lcs_distance(a, b));
  }
}

TEST_CASE("a large diff finishes and stays correct") {
  std::vector<std::string> store;
  for (int i = 0; i < 20000; ++i) store.push_back("line " + std::to_string(i) + "\n");
  std::vector<std::string_view> a(store.begin(), store.end()), b;
  for (int i = 0; i < 20000; ++i)
    if (i % 97 != 0) b.push_back(store[static_cast<size_t>(i)]);
  size_t edits = 0;
  apply_runs(a, b, diff_lines(a, b), &edits);
  CHECK(edits == 20000 / 97 + 1);
}
