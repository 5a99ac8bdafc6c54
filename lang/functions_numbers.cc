// Number functions: max, min, abs, ceil, floor, pow, signum, log, parseint and sum, exact at
// 512 bits where Terraform's are. Numeric strings are accepted wherever a number is.
#include <algorithm>
#include <cmath>
#include <limits>

#include "lang/functions_util.h"
#include "lang/ops.h"
#include "lang/value_number.h"

namespace fedplan::fn {
namespace {

// The argument itself, as cty returns it: no rounding on the way.
FunctionResult max(Args args, const FunctionContext&) {
  const Value* out = &args[0];
  for (const Value& v : args)
    if (compare_numbers(v, *out) > 0) out = &v;
  return ok(*out);
}

FunctionResult min(Args args, const FunctionContext&) {
  const Value* out = &args[0];
  for (const Value& v : args)
    if (compare_numbers(v, *out) < 0) out = &v;
  return ok(*out);
}

FunctionResult abs(Args args, const FunctionContext&) {
  if (const BigNumber* big = args[0].as_big_number())
    return ok(number_value(boost::multiprecision::abs(big->value)));
  return ok(Value::number(std::fabs(args[0].as_number())));
}

FunctionResult ceil(Args args, const FunctionContext&) {
  if (const BigNumber* big = args[0].as_big_number())
    return ok(number_value(boost::multiprecision::ceil(big->value)));
  return ok(Value::number(std::ceil(args[0].as_number())));
}

FunctionResult floor(Args args, const FunctionContext&) {
  if (const BigNumber* big = args[0].as_big_number())
    return ok(number_value(boost::multiprecision::floor(big->value)));
  return ok(Value::number(std::floor(args[0].as_number())));
}

// pow and log work on doubles in Terraform too (Go's math.Pow, math.Log): the result is the
// double's shortest decimal, so pow(2, 100) is 1267650600228229400000000000000.
FunctionResult pow(Args args, const FunctionContext&) {
  return ok(Value::number(std::pow(args[0].as_number(), args[1].as_number())));
}

// As in Terraform, the number must be a whole number that fits in 64 bits.
FunctionResult signum(Args args, const FunctionContext&) {
  std::optional<BigInt> n = big_integer(exact_number(args[0]));
  if (!n || *n < std::numeric_limits<int64_t>::min() || *n > std::numeric_limits<int64_t>::max())
    return fail(0,
                "value must be a whole number, between -9223372036854775808 and "
                "9223372036854775807");
  return ok(Value::number(n->sign()));
}

FunctionResult log(Args args, const FunctionContext&) {
  return ok(Value::number(std::log(args[0].as_number()) / std::log(args[1].as_number())));
}

// As Go's big.Int.SetString, which Terraform uses: an optional sign, then digits 0-9, a-z
// (10-35) and, above base 36, A-Z (36-61); no prefix, no separators. Exact at any length.
FunctionResult parseint(Args args, const FunctionContext&) {
  const std::string& s = args[0].as_string();
  long long base = 0;
  if (!whole_number(args[1].as_number(), &base) || base < 2 || base > 62)
    return fail(1, "base must be a whole number between 2 and 62 inclusive");
  size_t i = s.empty() || (s[0] != '-' && s[0] != '+') ? 0 : 1;
  BigInt n = 0;
  bool any = false;
  for (; i < s.size(); ++i, any = true) {
    char c = s[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'z' ? c - 'a' + 10
            : c >= 'A' && c <= 'Z' ? c - 'A' + (base <= 36 ? 10 : 36)
                                   : 99;
    if (d >= base) break;
    n = n * base + d;
  }
  if (!any || i != s.size())
    return fail(0, "cannot parse \"" + s + "\" as a base " + std::to_string(base) + " integer");
  if (!s.empty() && s[0] == '-') n = -n;
  return ok(number_value(BigFloat(n)));
}

// Exact like `+`: sum([0.1, 0.2]) is 0.3.
FunctionResult sum(Args args, const FunctionContext&) {
  const ValueList& items = args[0].elements();
  if (items.empty()) return fail(0, "cannot sum an empty list");
  Value total = Value::number(0);
  for (const Value& v : items) {
    if (v.is_null()) return fail(0, "argument must be list, set, or tuple of number values");
    OpResult r = apply_binary(BinaryOp::Add, total, v);
    if (!r.ok()) return fail(0, r.error);
    total = r.value;
  }
  return ok(total);
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
