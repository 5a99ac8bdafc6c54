// Test helpers: short constructors for the Values tests write again and again (num(2),
// str("a"), yes(), no(), strs({"a", "b"})). Only *_test.cc files include this.
#pragma once

#include <initializer_list>
#include <string>

#include "lang/value.h"

namespace fedplan::testing {

inline Value num(double n) {
  return Value::number(n);
}
inline Value str(const char* s) {
  return Value::string(s);
}
inline Value str(const std::string& s) {
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

}  // namespace fedplan::testing
