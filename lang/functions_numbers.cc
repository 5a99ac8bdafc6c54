// Number functions: max, min, abs, ceil, floor, pow, signum, log, parseint and sum.
// Numeric strings are accepted everywhere a number is (the parameters convert them).
#include <algorithm>
#include <cmath>

#include "lang/functions_util.h"

namespace fedplan::fn {
namespace {

FunctionResult max(Args args, const FunctionContext&) {
  double out = args[0].as_number();
  for (const Value& v : args) out = std::max(out, v.as_number());
  return ok(Value::number(out));
}

FunctionResult min(Args args, const FunctionContext&) {
  double out = args[0].as_number();
  for (const Value& v : args) out = std::min(out, v.as_number());
  return ok(Value::number(out));
}

FunctionResult abs(Args args, const FunctionContext&) {
  return ok(Value::number(std::fabs(args[0].as_number())));
}

FunctionResult ceil(Args args, const FunctionContext&) {
  return ok(Value::number(std::ceil(args[0].as_number())));
}

FunctionResult floor(Args args, const FunctionContext&) {
  return ok(Value::number(std::floor(args[0].as_number())));
}

FunctionResult pow(Args args, const FunctionContext&) {
  return ok(Value::number(std::pow(args[0].as_number(), args[1].as_number())));
}

FunctionResult signum(Args args, const FunctionContext&) {
  double n = args[0].as_number();
  return ok(Value::number(n > 0 ? 1 : n < 0 ? -1 : 0));
}

FunctionResult log(Args args, const FunctionContext&) {
  return ok(Value::number(std::log(args[0].as_number()) / std::log(args[1].as_number())));
}

// As Go's big.Int.SetString, which Terraform uses: an optional sign, then digits 0-9, a-z
// (10-35) and, above base 36, A-Z (36-61); no prefix, no separators.
FunctionResult parseint(Args args, const FunctionContext&) {
  const std::string& s = args[0].as_string();
  long long base = 0;
  if (!whole_number(args[1].as_number(), &base) || base < 2 || base > 62)
    return fail(1, "base must be a whole number between 2 and 62 inclusive");
  size_t i = s.empty() || (s[0] != '-' && s[0] != '+') ? 0 : 1;
  double n = 0;
  bool any = false;
  for (; i < s.size(); ++i, any = true) {
    char c = s[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'z' ? c - 'a' + 10
            : c >= 'A' && c <= 'Z' ? c - 'A' + (base <= 36 ? 10 : 36)
                                   : 99;
    if (d >= base) break;
    n = n * static_cast<double>(base) + d;
  }
  if (!any || i != s.size())
    return fail(0, "cannot parse \"" + s + "\" as a base " + std::to_string(base) + " integer");
  return ok(Value::number(!s.empty() && s[0] == '-' ? -n : n));
}

FunctionResult sum(Args args, const FunctionContext&) {
  const ValueList& items = args[0].elements();
  if (items.empty()) return fail(0, "cannot sum an empty list");
  double total = 0;
  for (const Value& v : items) {
    if (v.is_null()) return fail(0, "argument must be list, set, or tuple of number values");
    total += v.as_number();
  }
  return ok(Value::number(total));
}

Function numbers(const char* name, const char* summary, FunctionImpl impl) {
  Function f = make_function(name, summary, {}, impl, ValueKind::Number);
  f.variadic = param("numbers", Type::number());
  f.min_args = 1;
  return f;
}

}  // namespace

void add_number_functions(std::vector<Function>* out) {
  Type num = Type::number();
  out->push_back(numbers("max", "The largest of the numbers.", max));
  out->push_back(numbers("min", "The smallest of the numbers.", min));
  out->push_back(
      make_function("abs", "The absolute value.", {param("num", num)}, abs, ValueKind::Number));
  out->push_back(make_function("ceil", "The closest whole number at or above.", {param("num", num)},
                               ceil, ValueKind::Number));
  out->push_back(make_function("floor", "The closest whole number at or below.",
                               {param("num", num)}, floor, ValueKind::Number));
  out->push_back(make_function("pow", "A number raised to a power.",
                               {param("num", num), param("power", num)}, pow, ValueKind::Number));
  out->push_back(make_function("signum", "The sign of a number: -1, 0 or 1.", {param("num", num)},
                               signum, ValueKind::Number));
  out->push_back(make_function("log", "The logarithm of a number in a base.",
                               {param("num", num), param("base", num)}, log, ValueKind::Number));
  out->push_back(make_function("parseint", "Parses a string as an integer in a base (2 to 62).",
                               {param("number", Type::string()), param("base", num)}, parseint,
                               ValueKind::Number));
  out->push_back(make_function("sum", "The sum of a list of numbers.",
                               {param("list", Type::list(num))}, sum, ValueKind::Number));
}

}  // namespace fedplan::fn
