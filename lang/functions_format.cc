// format(): printf-style formatting like Terraform's, with the verbs %v %#v %t %s %q %d %b %o
// %x %X %e %E %f %g %G and %%, flags `-+ #0`, width, precision and explicit %[n] indexes.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "base/quote.h"
#include "base/utf8.h"
#include "lang/functions_util.h"
#include "lang/value_json.h"
#include "lang/value_number.h"

namespace fedplan::fn {
namespace {

// The largest width or precision a verb may ask for.
constexpr int kMaxFormatWidth = 10000;

// One parsed verb: `%[flags][[n]][width][.precision]verb`.
struct Spec {
  bool minus = false, plus = false, space = false, zero = false, sharp = false;
  int width = -1;
  int precision = -1;
  char verb = 0;
};

// Pads `body` (after the sign `sign`) to the spec's width, with zeros for numbers when asked.
std::string pad(const std::string& sign, const std::string& body, const Spec& spec, bool numeric) {
  size_t len = utf8_count(sign) + utf8_count(body);
  if (spec.width < 0 || len >= static_cast<size_t>(spec.width)) return sign + body;
  std::string fill(static_cast<size_t>(spec.width) - len, ' ');
  if (spec.minus) return sign + body + fill;
  if (spec.zero && numeric) return sign + std::string(fill.size(), '0') + body;
  return fill + sign + body;
}

std::string sign_of(double n, const Spec& spec) {
  if (std::signbit(n) && n != 0) return "-";
  if (spec.plus) return "+";
  if (spec.space) return " ";
  return "";
}

std::string integer_digits(BigInt n, int base, bool upper) {
  if (base == 10) return n.str();
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (n == 0) return "0";
  std::string out;
  while (n != 0) {
    out += digits[static_cast<int>(n % base)];
    n /= base;
  }
  return std::string(out.rbegin(), out.rend());
}

// Go's %g without a precision on a big.Float: the shortest digits, in %e form when the decimal
// exponent is below -4 or at least 6 (1e+30, 1.234567e+06), else as a plain decimal.
std::string shortest_g(const Value& magnitude, bool upper) {
  std::string fixed = format_number(magnitude);
  size_t point = fixed.find('.');
  std::string digits = fixed;
  if (point != std::string::npos) digits.erase(point, 1);
  long long int_len = static_cast<long long>(point == std::string::npos ? fixed.size() : point);
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  long long exp = int_len - 1 - static_cast<long long>(first);
  if (exp >= -4 && exp < 6) return fixed;
  digits = digits.substr(first);
  digits.erase(digits.find_last_not_of('0') + 1);
  std::string out = digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  std::string e = std::to_string(exp < 0 ? -exp : exp);
  if (e.size() < 2) e.insert(0, "0");
  return out + (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + e;
}

// %e %E %f with a precision: the exact binary value rounded once (like Go's big.Float).
std::string fixed_or_scientific(const BigFloat& magnitude, int precision, char verb) {
  std::string out = verb == 'f' ? format_big_fixed(magnitude, precision)
                                : format_big_scientific(magnitude, precision);
  if (verb == 'E')
    for (char& c : out)
      if (c == 'e') c = 'E';
  return out;
}

// Formats one argument; on failure returns false with a reason.
bool format_arg(const Spec& spec, const Value& v, std::string* out, std::string* error) {
  if (v.is_null()) {
    if (spec.verb == 'v') {
      *out = pad("", "null", spec, false);
      return true;
    }
    *error = "null value cannot be formatted";
    return false;
  }
  auto as = [&](const Type& t, Value* r) {
    ConvertResult c = convert(v, t);
    if (!c.ok()) *error = c.error;
    *r = c.value;
    return c.ok();
  };
  Value c;
  switch (spec.verb) {
    case 'v':
      if (spec.sharp || v.is_collection()) {
        *out = pad("", to_json_text(v), spec, false);
        return true;
      }
      if (!as(Type::string(), &c)) return false;
      *out = pad("", c.as_string(), spec, false);
      return true;
    case 't':
      if (!as(Type::boolean(), &c)) return false;
      *out = pad("", c.as_bool() ? "true" : "false", spec, false);
      return true;
    case 's':
    case 'q': {
      if (!as(Type::string(), &c)) return false;
      std::string s = c.as_string();
      if (spec.precision >= 0) {
        // The first `precision` characters, found without a view per character.
        size_t at = 0;
        for (int i = 0; i < spec.precision && at < s.size(); ++i)
          at += std::max<size_t>(utf8_sequence_length(s, at), 1);
        s.resize(at);
      }
      *out = pad("", spec.verb == 'q' ? quote(s) : s, spec, false);
      return true;
    }
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      if (!as(Type::number(), &c)) return false;
      double n = c.as_number();
      std::optional<BigInt> whole = big_integer(exact_number(c));
      if (!whole) {
        *error = "a whole number is required";
        return false;
      }
      int base = spec.verb == 'd' ? 10 : spec.verb == 'b' ? 2 : spec.verb == 'o' ? 8 : 16;
      std::string digits =
          integer_digits(boost::multiprecision::abs(*whole), base, spec.verb == 'X');
      if (spec.precision >= 0 && digits.size() < static_cast<size_t>(spec.precision))
        digits.insert(0, static_cast<size_t>(spec.precision) - digits.size(), '0');
      if (spec.sharp && base != 10)
        digits.insert(0, base == 2 ? "0b" : base == 8 ? "0" : spec.verb == 'X' ? "0X" : "0x");
      *out = pad(sign_of(n, spec), digits, spec, true);
      return true;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G': {
      if (!as(Type::number(), &c)) return false;
      double n = c.as_number();
      std::string body;
      const BigNumber* big = c.as_big_number();
      if ((spec.verb == 'g' || spec.verb == 'G') && spec.precision < 0) {
        Value magnitude = big ? number_value(boost::multiprecision::abs(big->value))
                              : Value::number(std::fabs(n));
        body = std::isfinite(n) || big ? shortest_g(magnitude, spec.verb == 'G')
                                       : format_number(std::fabs(n));
      } else if (big && spec.verb != 'g' && spec.verb != 'G') {
        body = fixed_or_scientific(boost::multiprecision::abs(big->value),
                                   spec.precision < 0 ? 6 : spec.precision, spec.verb);
      } else {
        char fmt[16];
        std::snprintf(fmt, sizeof fmt, "%%.%d%c", spec.precision < 0 ? 6 : spec.precision,
                      spec.verb);
        char buf[512];
        std::snprintf(buf, sizeof buf, fmt, std::fabs(n));
        body = buf;
      }
      *out = pad(sign_of(n, spec), body, spec, true);
      return true;
    }
    default:
      *error = std::string("unsupported format verb %") + spec.verb;
      return false;
  }
}

FunctionResult format(Args args, const FunctionContext&) {
  const std::string& f = args[0].as_string();
  size_t nargs = args.size() - 1;
  size_t next = 0;  // index among the values to format
  std::vector<bool> used(nargs, false);
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    size_t start = i++;
    if (i < f.size() && f[i] == '%') {
      out += '%';
      continue;
    }
    Spec spec;
    for (; i < f.size() && std::string_view("-+ 0#").find(f[i]) != std::string_view::npos; ++i) {
      spec.minus |= f[i] == '-';
      spec.plus |= f[i] == '+';
      spec.space |= f[i] == ' ';
      spec.zero |= f[i] == '0';
      spec.sharp |= f[i] == '#';
    }
    if (i < f.size() && f[i] == '[') {
      size_t close = f.find(']', i);
      std::optional<double> n;
      if (close != std::string::npos) n = parse_number(f.substr(i + 1, close - i - 1));
      if (!n || *n < 1 || *n > 1e9 || *n != std::trunc(*n))
        return fail(0,
                    "invalid argument index in format string at offset " + std::to_string(start));
      next = static_cast<size_t>(*n) - 1;
      i = close + 1;
    }
    // A width or precision pads the output: bounded, so a format string cannot ask for
    // gigabytes (or overflow the int).
    bool too_wide = false;
    auto number = [&](int* target) {
      if (i < f.size() && f[i] >= '0' && f[i] <= '9') {
        *target = 0;
        while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
          *target = *target * 10 + (f[i++] - '0');
          if (*target > kMaxFormatWidth) too_wide = true;
          if (too_wide) *target = kMaxFormatWidth;
        }
      }
    };
    number(&spec.width);
    if (i < f.size() && f[i] == '.') {
      ++i;
      spec.precision = 0;
      number(&spec.precision);
    }
    if (too_wide)
      return fail(0, "width or precision over " + std::to_string(kMaxFormatWidth) +
                         " in format string at offset " + std::to_string(start));
    if (i >= f.size())
      return fail(0, "unterminated format verb at offset " + std::to_string(start));
    spec.verb = f[i];
    std::string verb_text = f.substr(start, i - start + 1);
    if (std::string_view("vtsqdboxXeEfgG").find(spec.verb) == std::string_view::npos) {
      return fail(
          0, "unsupported format verb \"" + verb_text + "\" at offset " + std::to_string(start));
    }
    if (next >= nargs) {
      return fail(-1, "not enough arguments for \"" + verb_text + "\" at offset " +
                          std::to_string(start) + ": need " + std::to_string(next + 1) +
                          ", given " + std::to_string(nargs));
    }
    std::string piece, error;
    if (!format_arg(spec, args[next + 1], &piece, &error)) {
      return fail(static_cast<int>(next + 1), "unsupported value for \"" + verb_text +
                                                  "\" at offset " + std::to_string(start) + ": " +
                                                  error);
    }
    out += piece;
    used[next] = true;
    ++next;
  }
  for (size_t k = 0; k < nargs; ++k) {
    if (!used[k]) {
      return fail(static_cast<int>(k + 1),
                  "too many arguments; this one is not used by the "
                  "format string");
    }
  }
  return ok(Value::string(std::move(out)));
}

}  // namespace

void add_format_functions(std::vector<Function>* out) {
  Function f = make_function("format", "Formats values printf-style (%s, %d, %q, %v, ...).",
                             {param("format", Type::string())}, format);
  f.variadic = param("args", Type::any(), kNull);
  out->push_back(std::move(f));
}

}  // namespace fedplan::fn
