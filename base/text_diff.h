// Line diffs of two texts: Myers' O(ND) algorithm in its linear-space form, and a unified
// diff printer (`diff -u` shape) for `fmt -diff` and for rendering changed text in plans.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fedplan {

// One run of the edit script: `count` lines kept, removed from the old text or added from
// the new one, starting at `old_start` / `new_start` (0-based line indexes).
struct DiffRun {
  enum class Kind { Keep, Remove, Add };
  Kind kind = Kind::Keep;
  size_t old_start = 0;
  size_t new_start = 0;
  size_t count = 0;
};

// Splits text into lines, each keeping its '\n' (the last one may lack it). "" has no lines.
std::vector<std::string_view> split_lines(std::string_view text);

// A shortest edit script turning `a` into `b`, as maximal runs in order. Memory is linear in
// the input size; time is O((N+M)·D) for D differing lines.
std::vector<DiffRun> diff_lines(const std::vector<std::string_view>& a,
                                const std::vector<std::string_view>& b);

// A unified diff with `context` lines around each change, headed `--- old_name` and
// `+++ new_name`. Equal texts give "". A last line without a newline is marked with
// "\ No newline at end of file", as diff(1) does.
std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         const std::string& old_name, const std::string& new_name,
                         size_t context = 3);

}  // namespace fedplan
