// String functions: join, split, replace (plain, or /regex/ by functions_regex.cc), trimming,
// case, title, substr, strrev, startswith/endswith/strcontains and indent. Lengths and offsets
// count Unicode code points.
#include <algorithm>
#include <cctype>

#include "base/utf8.h"
#include "lang/functions_util.h"
#include "lang/unicode_case.h"

namespace fedplan::fn {
namespace {

FunctionResult join(Args args, const FunctionContext&) {
  const std::string& sep = args[0].as_string();
  std::string out;
  bool first = true;
  for (size_t i = 1; i < args.size(); ++i) {
    const ValueList& items = args[i].elements();
    for (size_t k = 0; k < items.size(); ++k) {
      if (items[k].is_null()) {
        return fail(static_cast<int>(i),
                    "element " + std::to_string(k) + " is null; cannot concatenate null values");
      }
      if (!first) out += sep;
      first = false;
      out += items[k].as_string();
    }
  }
  return ok(Value::string(std::move(out)));
}

FunctionResult split(Args args, const FunctionContext&) {
  const std::string& sep = args[0].as_string();
  const std::string& s = args[1].as_string();
  ValueList out;
  if (sep.empty()) {
    for (std::string_view ch : utf8_chars(s)) out.push_back(Value::string(std::string(ch)));
    return ok(Value::list(std::move(out)));
  }
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string::npos) break;
    out.push_back(Value::string(s.substr(start, pos - start)));
    start = pos + sep.size();
  }
  out.push_back(Value::string(s.substr(start)));
  return ok(Value::list(std::move(out)));
}

FunctionResult replace(Args args, const FunctionContext&) {
  const std::string& s = args[0].as_string();
  const std::string& old = args[1].as_string();
  const std::string& with = args[2].as_string();
  if (old.size() >= 2 && old.front() == '/' && old.back() == '/')
    return regex_replace(s, old.substr(1, old.size() - 2), with);
  std::string out;
  if (old.empty()) {  // like Go's strings.Replace: insert around every character
    out = with;
    for (std::string_view ch : utf8_chars(s)) out += std::string(ch) + with;
    return ok(Value::string(std::move(out)));
  }
  size_t start = 0;
  while (true) {
    size_t pos = s.find(old, start);
    if (pos == std::string::npos) break;
    out += s.substr(start, pos - start) + with;
    start = pos + old.size();
  }
  out += s.substr(start);
  return ok(Value::string(std::move(out)));
}

bool is_space(std::string_view ch) {
  static const char* const kSpaces[] = {" ", "\t", "\n", "\r", "\v", "\f", "\u0085", "\u00a0"};
  for (const char* sp : kSpaces)
    if (ch == sp) return true;
  return false;
}

// Removes characters matching `drop` from the ends selected by `left` and `right`.
// One forward walk over the characters, so a large string costs no per-character memory.
template <class Pred>
std::string trim_chars(const std::string& s, Pred drop, bool left, bool right) {
  auto next = [&](size_t i) { return i + std::max<size_t>(utf8_sequence_length(s, i), 1); };
  auto char_at = [&](size_t i) { return std::string_view(s).substr(i, next(i) - i); };
  size_t b = 0;
  while (left && b < s.size() && drop(char_at(b))) b = next(b);
  size_t e = s.size();
  if (right) {
    e = b;  // the end of the last character that stays
    for (size_t i = b; i < s.size(); i = next(i))
      if (!drop(char_at(i))) e = next(i);
  }
  return s.substr(b, e - b);
}

FunctionResult trimspace(Args args, const FunctionContext&) {
  return ok(Value::string(trim_chars(args[0].as_string(), is_space, true, true)));
}

FunctionResult trim(Args args, const FunctionContext&) {
  std::vector<std::string_view> cutset = utf8_chars(args[1].as_string());
  auto in_cutset = [&](std::string_view ch) {
    return std::find(cutset.begin(), cutset.end(), ch) != cutset.end();
  };
  return ok(Value::string(trim_chars(args[0].as_string(), in_cutset, true, true)));
}

FunctionResult chomp(Args args, const FunctionContext&) {
  auto newline = [](std::string_view ch) { return ch == "\n" || ch == "\r"; };
  return ok(Value::string(trim_chars(args[0].as_string(), newline, false, true)));
}

FunctionResult trimprefix(Args args, const FunctionContext&) {
  const std::string& s = args[0].as_string();
  const std::string& p = args[1].as_string();
  return ok(Value::string(s.starts_with(p) ? s.substr(p.size()) : s));
}

FunctionResult trimsuffix(Args args, const FunctionContext&) {
  const std::string& s = args[0].as_string();
  const std::string& p = args[1].as_string();
  return ok(Value::string(s.ends_with(p) ? s.substr(0, s.size() - p.size()) : s));
}

FunctionResult startswith(Args args, const FunctionContext&) {
  return ok(Value::boolean(args[0].as_string().starts_with(args[1].as_string())));
}

FunctionResult endswith(Args args, const FunctionContext&) {
  return ok(Value::boolean(args[0].as_string().ends_with(args[1].as_string())));
}

FunctionResult strcontains(Args args, const FunctionContext&) {
  return ok(Value::boolean(args[0].as_string().find(args[1].as_string()) != std::string::npos));
}

// Code point by code point (Terraform keeps combining marks with their letter: a difference
// only for such text).
FunctionResult strrev(Args args, const FunctionContext&) {
  std::vector<std::string_view> chars = utf8_chars(args[0].as_string());
  std::string out;
  out.reserve(args[0].as_string().size());
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
  return ok(Value::string(std::move(out)));
}

// lower, upper and title map all of Unicode as Terraform (Go) does: lang/unicode_case.h.
FunctionResult title(Args args, const FunctionContext&) {
  return ok(Value::string(title_case(args[0].as_string())));
}

FunctionResult lower(Args args, const FunctionContext&) {
  return ok(Value::string(map_case(args[0].as_string(), CaseMapping::Lower)));
}

FunctionResult upper(Args args, const FunctionContext&) {
  return ok(Value::string(map_case(args[0].as_string(), CaseMapping::Upper)));
}

FunctionResult substr(Args args, const FunctionContext&) {
  const std::string& s = args[0].as_string();
  long long offset = 0, length = 0;
  if (!whole_number(args[1].as_number(), &offset)) return fail(1, "a whole number is required");
  if (!whole_number(args[2].as_number(), &length)) return fail(2, "a whole number is required");
  long long total = static_cast<long long>(utf8_count(s));
  if (offset < 0) offset = std::max(0LL, total + offset);
  if (offset > total) offset = total;
  if (length < 0 || length > total - offset) length = total - offset;
  // Byte positions of the offset-th and (offset + length)-th characters, walking once.
  size_t at = 0, begin = 0;
  for (long long n = 0; n < offset + length; ++n) {
    at += std::max<size_t>(utf8_sequence_length(s, at), 1);
    if (n + 1 == offset) begin = at;
  }
  return ok(Value::string(s.substr(begin, at - begin)));
}

FunctionResult indent(Args args, const FunctionContext&) {
  long long n = 0;
  if (!whole_number(args[0].as_number(), &n) || n < 0)
    return fail(0, "a non-negative whole number is required");
  const std::string& text = args[1].as_string();
  // Every newline gets n spaces: refuse a result that would not fit the file-size limit.
  size_t newlines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  if (newlines == 0) return ok(args[1]);
  if (text.size() > kMaxFileSize ||
      static_cast<size_t>(n) > (kMaxFileSize - text.size()) / newlines)
    return fail(0, "the result would be larger than 64 MiB");
  std::string pad(static_cast<size_t>(n), ' ');
  std::string out;
  out.reserve(text.size() + newlines * pad.size());
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return ok(Value::string(std::move(out)));
}

}  // namespace

void add_string_functions(std::vector<Function>* out) {
  Type str = Type::string();
  Function j = make_function("join", "Joins the strings of one or more lists with a separator.",
                             {param("separator", str)}, join);
  j.variadic = param("lists", Type::list(str));
  j.min_args = 2;
  out->push_back(std::move(j));
  out->push_back(make_function("split", "Splits a string at each occurrence of a separator.",
                               {param("separator", str), param("str", str)}, split,
                               ValueKind::List));
  out->push_back(make_function("replace", "Replaces a substring, or a /regex/ match, everywhere.",
                               {param("str", str), param("substr", str), param("replace", str)},
                               replace));
  out->push_back(make_function("trimspace", "Removes leading and trailing whitespace.",
                               {param("str", str)}, trimspace));
  out->push_back(make_function("trim", "Removes the given characters from both ends.",
                               {param("str", str), param("cutset", str)}, trim));
  out->push_back(make_function("trimprefix", "Removes a prefix if present.",
                               {param("str", str), param("prefix", str)}, trimprefix));
  out->push_back(make_function("trimsuffix", "Removes a suffix if present.",
                               {param("str", str), param("suffix", str)}, trimsuffix));
  out->push_back(make_function("chomp", "Removes trailing newlines.", {param("str", str)}, chomp));
  out->push_back(make_function("startswith", "Whether a string starts with a prefix.",
                               {param("str", str), param("prefix", str)}, startswith,
                               ValueKind::Bool));
  out->push_back(make_function("endswith", "Whether a string ends with a suffix.",
                               {param("str", str), param("suffix", str)}, endswith,
                               ValueKind::Bool));
  out->push_back(make_function("strcontains", "Whether a string contains another.",
                               {param("str", str), param("substr", str)}, strcontains,
                               ValueKind::Bool));
  out->push_back(make_function("strrev", "Reverses a string.", {param("str", str)}, strrev));
  out->push_back(make_function("title", "Upper-cases the first letter of each word.",
                               {param("str", str)}, title));
  out->push_back(
      make_function("lower", "Converts letters to lower case.", {param("str", str)}, lower));
  out->push_back(
      make_function("upper", "Converts letters to upper case.", {param("str", str)}, upper));
  out->push_back(make_function(
      "substr", "Extracts characters by offset and length.",
      {param("str", str), param("offset", Type::number()), param("length", Type::number())},
      substr));
  out->push_back(make_function("indent", "Indents every line but the first by a number of spaces.",
                               {param("spaces", Type::number()), param("str", str)}, indent));
}

}  // namespace fedplan::fn
