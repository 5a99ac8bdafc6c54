// Number functions: max, min, abs, ceil, floor and pow.
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
}

}  // namespace fedplan::fn
