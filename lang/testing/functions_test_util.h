// Test helpers for the function tests: call() a built-in by name (and the short value
// constructors of values.h). Only the *_test.cc files include this.
#pragma once

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <vector>

#include "lang/functions.h"
#include "lang/testing/values.h"

namespace fedplan::testing {

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

// How much the process's peak memory (ru_maxrss, KiB) grew while `f` ran: what a call
// allocates beyond what it keeps shows up here.
template <class F>
long peak_growth_kib(F f) {
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  f();
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  return after.ru_maxrss - before.ru_maxrss;
}

}  // namespace fedplan::testing
