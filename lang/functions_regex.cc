// Regular expressions in Terraform's dialect (Go's RE2 syntax) on the RE2 library, which
// matches in time linear in the subject: regex(), regexall() and replace()'s /pattern/ form.
#include <re2/re2.h>

#include <memory>

#include "base/utf8.h"
#include "lang/functions_util.h"

namespace fedplan::fn {
namespace {

// regexall() returns at most this many matches: each is a value of its own.
constexpr size_t kMaxMatches = 100000;

// `pattern` in the syntax the RE2 library reads. Go (and so Terraform) also accepts
// (?<name>...) for (?P<name>...), which this RE2 does not; \C (any byte) is RE2's alone and
// could cut a character in two, so it is refused as Go refuses it.
bool to_re2_syntax(const std::string& pattern, std::string* out, std::string* error) {
  size_t class_start = std::string::npos;  // where the open [...] began
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      char next = pattern[i + 1];
      if (next == 'C') {
        *error = "invalid escape sequence: \\C";
        return false;
      }
      if (next == 'Q') {  // literal text up to \E
        size_t end = pattern.find("\\E", i + 2);
        end = end == std::string::npos ? pattern.size() : end + 2;
        *out += pattern.substr(i, end - i);
        i = end - 1;
        continue;
      }
      *out += pattern.substr(i, 2);
      ++i;
      continue;
    }
    if (class_start != std::string::npos) {
      size_t first = class_start + (pattern.compare(class_start + 1, 1, "^") == 0 ? 2 : 1);
      if (c == '[' && pattern.compare(i, 2, "[:") == 0) {  // [:alpha:] inside a class
        size_t end = pattern.find(":]", i + 2);
        if (end != std::string::npos) {
          *out += pattern.substr(i, end + 2 - i);
          i = end + 1;
          continue;
        }
      }
      if (c == ']' && i > first) class_start = std::string::npos;
      *out += c;
      continue;
    }
    if (c == '[') class_start = i;
    if (c == '(' && pattern.compare(i, 3, "(?<") == 0 && i + 3 < pattern.size() &&
        pattern[i + 3] != '=' && pattern[i + 3] != '!') {
      *out += "(?P<";
      i += 2;
      continue;
    }
    *out += c;
  }
  return true;
}

// A compiled pattern, or why it is not one.
struct Pattern {
  std::unique_ptr<RE2> re;
  std::string error;
};

Pattern compile(const std::string& pattern) {
  Pattern p;
  std::string translated;
  std::string error;
  if (!to_re2_syntax(pattern, &translated, &error)) {
    p.error = "invalid regular expression: " + error;
    return p;
  }
  RE2::Options options;
  options.set_log_errors(false);  // the error travels in the result instead of to stderr
  p.re = std::make_unique<RE2>(translated, options);
  if (!p.re->ok()) p.error = "invalid regular expression: " + p.re->error();
  return p;
}

// One match: the whole match and each group; a group that took no part has a null data().
using Match = std::vector<re2::StringPiece>;

// Calls `each(match)` for every match in `s`, left to right, as Go's FindAll and ReplaceAll
// take them: after a match the search goes on where it ended, an empty match right where the
// previous one ended is skipped, and an empty match moves the search one character on.
// Stops early when `each` returns false.
template <class Each>
void for_each_match(const RE2& re, const std::string& s, Each each) {
  Match m(static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
  size_t pos = 0;
  const char* prev_end = nullptr;
  while (pos <= s.size()) {
    if (!re.Match(s, pos, s.size(), RE2::UNANCHORED, m.data(), static_cast<int>(m.size()))) break;
    const char* begin = m[0].data();
    const char* end = begin + m[0].size();
    bool accept = !(m[0].empty() && begin == prev_end);
    size_t end_pos = static_cast<size_t>(end - s.data());
    if (end_pos == pos)  // empty at the search position: the next one starts a character on
      pos += pos < s.size() ? std::max<size_t>(utf8_sequence_length(s, pos), 1) : 1;
    else
      pos = end_pos;
    prev_end = end;
    if (accept && !each(m)) break;
  }
}

// Whether `c` may be part of a group name in a replacement ($name).
bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Appends `with` to `out` with its references expanded the way Go's Regexp.Expand does:
// $1 or ${1} a group by number, $name or ${name} a group by name (a name is as long as it can
// be: $1x is the group "1x"), $$ a dollar sign; a group that does not exist or took no part
// expands to nothing, and a $ that starts no reference stays as it is.
void expand(const RE2& re, const std::string& with, const Match& m, std::string* out) {
  for (size_t i = 0; i < with.size(); ++i) {
    if (with[i] != '$') {
      *out += with[i];
      continue;
    }
    if (i + 1 < with.size() && with[i + 1] == '$') {
      *out += '$';
      ++i;
      continue;
    }
    bool brace = i + 1 < with.size() && with[i + 1] == '{';
    size_t start = i + 1 + (brace ? 1 : 0);
    size_t end = start;
    while (end < with.size() && name_char(with[end])) ++end;
    if (end == start || (brace && (end >= with.size() || with[end] != '}'))) {
      *out += '$';  // not a reference
      continue;
    }
    std::string name = with.substr(start, end - start);
    i = brace ? end : end - 1;
    int group = -1;
    bool numeric = name.find_first_not_of("0123456789") == std::string::npos &&
                   (name.size() == 1 || name[0] != '0') && name.size() < 9;
    if (numeric) {
      group = std::stoi(name);
    } else {
      auto it = re.NamedCapturingGroups().find(name);
      if (it != re.NamedCapturingGroups().end()) group = it->second;
    }
    if (group >= 0 && static_cast<size_t>(group) < m.size() && m[group].data())
      out->append(m[group].data(), m[group].size());
  }
}

// What regex() returns for a pattern: the match, a tuple of its unnamed groups, or an object
// of its named groups. Mixing the two is an error, as in Terraform.
ValueKind result_kind(const RE2& re, std::string* error) {
  int groups = re.NumberOfCapturingGroups();
  size_t named = re.NamedCapturingGroups().size();
  if (groups == 0) return ValueKind::String;
  if (named == 0) return ValueKind::Tuple;
  if (named == static_cast<size_t>(groups)) return ValueKind::Object;
  *error = "invalid regular expression: cannot mix both named and unnamed capture groups";
  return ValueKind::Dynamic;
}

Value piece(const re2::StringPiece& p) {
  return p.data() ? Value::string(std::string(p.data(), p.size())) : Value();
}

Value match_value(const RE2& re, ValueKind kind, const Match& m) {
  if (kind == ValueKind::String) return piece(m[0]);
  if (kind == ValueKind::Tuple) {
    ValueList groups;
    for (size_t i = 1; i < m.size(); ++i) groups.push_back(piece(m[i]));
    return Value::tuple(std::move(groups));
  }
  ValueMap named;
  for (const auto& [name, index] : re.NamedCapturingGroups())
    named[name] = piece(m[static_cast<size_t>(index)]);
  return Value::object(std::move(named));
}

// The compiled pattern of args[0] and the kind of one match, or the error to return.
struct Prepared {
  Pattern pattern;
  ValueKind kind = ValueKind::Dynamic;
  std::optional<FunctionResult> failed;
};

Prepared prepare(Args args) {
  Prepared p{compile(args[0].as_string())};
  std::string error;
  if (p.pattern.error.empty()) p.kind = result_kind(*p.pattern.re, &error);
  if (!p.pattern.error.empty()) error = p.pattern.error;
  if (!error.empty()) p.failed = fail(0, error);
  return p;
}

FunctionResult regex(Args args, const FunctionContext&) {
  Prepared p = prepare(args);
  if (p.failed) return *p.failed;
  if (!args[1].known()) return ok(Value::unknown(p.kind));
  std::optional<Value> found;
  for_each_match(*p.pattern.re, args[1].as_string(), [&](const Match& m) {
    found = match_value(*p.pattern.re, p.kind, m);
    return false;
  });
  if (!found) return fail(-1, "pattern did not match any part of the given string");
  return ok(std::move(*found));
}

FunctionResult regexall(Args args, const FunctionContext&) {
  Prepared p = prepare(args);
  if (p.failed) return *p.failed;
  if (!args[1].known()) return ok(Value::unknown(ValueKind::List));
  ValueList all;
  bool too_many = false;
  for_each_match(*p.pattern.re, args[1].as_string(), [&](const Match& m) {
    too_many = all.size() == kMaxMatches;
    if (!too_many) all.push_back(match_value(*p.pattern.re, p.kind, m));
    return !too_many;
  });
  if (too_many) return fail(-1, "more than " + std::to_string(kMaxMatches) + " matches");
  return ok(Value::list(std::move(all)));
}

}  // namespace

FunctionResult regex_replace(const std::string& s, const std::string& pattern,
                             const std::string& with) {
  Pattern p = compile(pattern);
  if (!p.error.empty()) return fail(1, p.error);
  std::string out;
  size_t copied = 0;  // s[0, copied) is in `out` already
  for_each_match(*p.re, s, [&](const Match& m) {
    size_t begin = static_cast<size_t>(m[0].data() - s.data());
    out.append(s, copied, begin - copied);
    expand(*p.re, with, m, &out);
    copied = begin + m[0].size();
    return true;
  });
  out.append(s, copied);
  return ok(Value::string(std::move(out)));
}

void add_regex_functions(std::vector<Function>* out) {
  Type str = Type::string();
  out->push_back(make_function(
      "regex", "The first match of a regular expression: the match, or its groups.",
      {param("pattern", str), param("string", str, kUnknown)}, regex, ValueKind::Dynamic));
  out->push_back(make_function("regexall", "Every match of a regular expression, as a list.",
                               {param("pattern", str), param("string", str, kUnknown)}, regexall,
                               ValueKind::List));
}

}  // namespace fedplan::fn
