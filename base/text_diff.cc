// Myers' diff in linear space: find where the forward and backward searches meet, split the
// problem there and recurse; lines are compared as small integer ids.
#include "base/text_diff.h"

#include <algorithm>
#include <unordered_map>

namespace fedplan {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

namespace {

using Kind = DiffRun::Kind;

// Computes the edit script of two id sequences, appending one Kind per line step in order.
class Differ {
 public:
  Differ(const std::vector<int>& a, const std::vector<int>& b) : a_(a), b_(b) {}

  void diff(long a0, long a1, long b0, long b1) {
    while (a0 < a1 && b0 < b1 && a_[a0] == b_[b0]) {
      ops_.push_back(Kind::Keep);
      ++a0, ++b0;
    }
    long suffix = 0;
    while (a1 - suffix > a0 && b1 - suffix > b0 && a_[a1 - suffix - 1] == b_[b1 - suffix - 1])
      ++suffix;
    a1 -= suffix;
    b1 -= suffix;
    if (a0 == a1 || b0 == b1) {
      ops_.insert(ops_.end(), a1 - a0, Kind::Remove);
      ops_.insert(ops_.end(), b1 - b0, Kind::Add);
    } else {
      long x = 0, y = 0;
      if (bisect(a0, a1 - a0, b0, b1 - b0, &x, &y)) {
        diff(a0, a0 + x, b0, b0 + y);
        diff(a0 + x, a1, b0 + y, b1);
      } else {
        ops_.insert(ops_.end(), a1 - a0, Kind::Remove);
        ops_.insert(ops_.end(), b1 - b0, Kind::Add);
      }
    }
    ops_.insert(ops_.end(), suffix, Kind::Keep);
  }

  std::vector<Kind>& ops() { return ops_; }

 private:
  // Searches forward from the top-left and backward from the bottom-right of the edit graph
  // of a[a0, a0+n) and b[b0, b0+m), one edit at a time, until the paths overlap; the point
  // where they do lies on a shortest path and splits the problem in two smaller ones.
  bool bisect(long a0, long n, long b0, long m, long* split_x, long* split_y) {
    const long max_d = (n + m + 1) / 2;
    const long offset = max_d + 1;
    const long size = 2 * max_d + 3;
    std::vector<long> vf(size, -1), vb(size, -1);
    vf[offset + 1] = 0;
    vb[offset + 1] = 0;
    const long delta = n - m;
    const bool odd = (delta & 1) != 0;
    // Diagonals that ran off the edge of the graph are not extended again.
    long kf_start = 0, kf_end = 0, kb_start = 0, kb_end = 0;
    for (long d = 0; d <= max_d; ++d) {
      for (long k = -d + kf_start; k <= d - kf_end; k += 2) {
        long x = (k == -d || (k != d && vf[offset + k - 1] < vf[offset + k + 1]))
                     ? vf[offset + k + 1]
                     : vf[offset + k - 1] + 1;
        long y = x - k;
        while (x < n && y < m && a_[a0 + x] == b_[b0 + y]) ++x, ++y;
        vf[offset + k] = x;
        if (x > n) {
          kf_end += 2;
        } else if (y > m) {
          kf_start += 2;
        } else if (odd) {
          long kb = delta - k;
          if (kb >= -(d - 1) && kb <= d - 1 && vb[offset + kb] != -1 && x >= n - vb[offset + kb]) {
            *split_x = x;
            *split_y = y;
            return true;
          }
        }
      }
      for (long k = -d + kb_start; k <= d - kb_end; k += 2) {
        long x = (k == -d || (k != d && vb[offset + k - 1] < vb[offset + k + 1]))
                     ? vb[offset + k + 1]
                     : vb[offset + k - 1] + 1;
        long y = x - k;
        while (x < n && y < m && a_[a0 + n - 1 - x] == b_[b0 + m - 1 - y]) ++x, ++y;
        vb[offset + k] = x;
        if (x > n) {
          kb_end += 2;
        } else if (y > m) {
          kb_start += 2;
        } else if (!odd) {
          long kf = delta - k;
          if (kf >= -d && kf <= d && vf[offset + kf] != -1 && vf[offset + kf] >= n - x) {
            *split_x = vf[offset + kf];
            *split_y = *split_x - kf;
            return true;
          }
        }
      }
    }
    return false;
  }

  const std::vector<int>& a_;
  const std::vector<int>& b_;
  std::vector<Kind> ops_;
};

}  // namespace

std::vector<DiffRun> diff_lines(const std::vector<std::string_view>& a,
                                const std::vector<std::string_view>& b) {
  std::unordered_map<std::string_view, int> ids;
  auto to_ids = [&](const std::vector<std::string_view>& lines) {
    std::vector<int> out;
    out.reserve(lines.size());
    for (std::string_view l : lines)
      out.push_back(ids.emplace(l, static_cast<int>(ids.size())).first->second);
    return out;
  };
  std::vector<int> ia = to_ids(a), ib = to_ids(b);
  Differ differ(ia, ib);
  differ.diff(0, static_cast<long>(ia.size()), 0, static_cast<long>(ib.size()));

  // Within one change, report removals before additions, as diff(1) does.
  std::vector<DiffRun> runs;
  size_t ai = 0, bi = 0;
  const std::vector<Kind>& ops = differ.ops();
  for (size_t i = 0; i < ops.size();) {
    if (ops[i] == Kind::Keep) {
      size_t j = i;
      while (j < ops.size() && ops[j] == Kind::Keep) ++j;
      runs.push_back(DiffRun{Kind::Keep, ai, bi, j - i});
      ai += j - i;
      bi += j - i;
      i = j;
      continue;
    }
    size_t removed = 0, added = 0, j = i;
    for (; j < ops.size() && ops[j] != Kind::Keep; ++j)
      (ops[j] == Kind::Remove ? removed : added)++;
    if (removed) runs.push_back(DiffRun{Kind::Remove, ai, bi, removed});
    if (added) runs.push_back(DiffRun{Kind::Add, ai + removed, bi, added});
    ai += removed;
    bi += added;
    i = j;
  }
  return runs;
}

namespace {

// "l,s" of a hunk header; diff(1) writes a one-line range as "l" and an empty one as "l-1,0".
std::string hunk_range(size_t start, size_t count) {
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

void append_line(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         const std::string& old_name, const std::string& new_name, size_t context) {
  if (old_text == new_text) return "";
  std::vector<std::string_view> a = split_lines(old_text), b = split_lines(new_text);
  std::vector<DiffRun> runs = diff_lines(a, b);

  std::string out = "--- " + old_name + "\n+++ " + new_name + "\n";
  size_t i = 0;
  while (i < runs.size()) {
    if (runs[i].kind == Kind::Keep) {
      ++i;
      continue;
    }
    // A hunk: changes separated by at most 2*context kept lines, with context around them.
    size_t first = i, last = i;
    for (size_t j = i + 1; j < runs.size(); ++j) {
      if (runs[j].kind != Kind::Keep) {
        last = j;
      } else if (runs[j].count > 2 * context || j + 1 == runs.size()) {
        break;
      }
    }
    size_t lead = first > 0 ? std::min(context, runs[first - 1].count) : 0;
    size_t trail = last + 1 < runs.size() ? std::min(context, runs[last + 1].count) : 0;
    size_t old_start = runs[first].old_start - lead, new_start = runs[first].new_start - lead;
    size_t old_end = (runs[last].kind == Kind::Remove ? runs[last].old_start + runs[last].count
                                                      : runs[last].old_start) +
                     trail;
    size_t new_end = (runs[last].kind == Kind::Add ? runs[last].new_start + runs[last].count
                                                   : runs[last].new_start) +
                     trail;
    out += "@@ -" + hunk_range(old_start, old_end - old_start) + " +" +
           hunk_range(new_start, new_end - new_start) + " @@\n";
    for (size_t k = old_start; k < runs[first].old_start; ++k) append_line(out, ' ', a[k]);
    for (size_t j = first; j <= last; ++j) {
      const DiffRun& r = runs[j];
      for (size_t k = 0; k < r.count; ++k) {
        if (r.kind == Kind::Keep) append_line(out, ' ', a[r.old_start + k]);
        if (r.kind == Kind::Remove) append_line(out, '-', a[r.old_start + k]);
        if (r.kind == Kind::Add) append_line(out, '+', b[r.new_start + k]);
      }
    }
    if (last + 1 < runs.size()) {
      const DiffRun& after = runs[last + 1];
      for (size_t k = 0; k < trail; ++k) append_line(out, ' ', a[after.old_start + k]);
    }
    i = last + 1;
  }
  return out;
}

}  // namespace fedplan
