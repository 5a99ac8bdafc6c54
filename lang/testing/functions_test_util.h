// Test helpers for the function tests: short value constructors and call() by name.
// Only the *_test.cc files include this.
#pragma once

#include <doctest/doctest.h>

#include <initializer_list>
#include <vector>

#include "lang/functions.h"

namespace fedplan::testing {

inline Value num(double n) {
  return Value::number(n);
}
inline Value str(const char* s) {
  return Value::string(s);
}
inline Value yes() {
  return Value::boolean(true);
}
inline Value no() {
  return Value::boolean(false);
}
inline Value strs(std::initializer_list<const char*> items) {
  ValueList out;
  for (const char* s : items) out.push_back(Value::string(s));
  return Value::tuple(std::move(out));
}

// Calls the built-in `name` with `args`; the function must exist.
inline FunctionResult call(const char* name, std::vector<Value> args,
                           const FunctionContext& ctx = FunctionContext{}) {
  const Function* fn = find_function(name);
  REQUIRE_MESSAGE(fn != nullptr, name);
  return call_function(*fn, args, ctx);
}

// Calls and requires success.
inline Value eval(const char* name, std::vector<Value> args,
                  const FunctionContext& ctx = FunctionContext{}) {
  FunctionResult r = call(name, std::move(args), ctx);
  REQUIRE_MESSAGE(r.ok(), r.error);
  return r.value;
}

}  // namespace fedplan::testing
