// Tests for operators: arithmetic with string conversion, comparison, deep equality without
// conversion, logic, error messages naming the operand, and unknown/sensitive propagation.
#include "lang/ops.h"

#include <doctest/doctest.h>

#include "lang/testing/values.h"

using namespace fedplan;
using namespace fedplan::testing;

namespace {
Value bin(BinaryOp op, const Value& a, const Value& b) {
  OpResult r = apply_binary(op, a, b);
  REQUIRE_MESSAGE(r.ok(), r.error);
  return r.value;
}
}  // namespace

TEST_CASE("arithmetic on numbers") {
  CHECK(bin(BinaryOp::Add, num(2), num(3)) == num(5));
  CHECK(bin(BinaryOp::Subtract, num(2), num(3)) == num(-1));
  CHECK(bin(BinaryOp::Multiply, num(2), num(3.5)) == num(7));
  CHECK(bin(BinaryOp::Divide, num(7), num(2)) == num(3.5));
  CHECK(bin(BinaryOp::Modulo, num(7), num(3)) == num(1));
  CHECK(bin(BinaryOp::Modulo, num(-5), num(3)) == num(-2));
}

TEST_CASE("arithmetic converts strings that are numbers") {
  CHECK(bin(BinaryOp::Add, str("5"), num(1)) == num(6));
  CHECK(bin(BinaryOp::Multiply, str("2"), str("4")) == num(8));
  OpResult r = apply_binary(BinaryOp::Add, str("five"), num(1));
  CHECK(r.error == "Unsuitable value for left operand: a number is required, got \"five\".");
  CHECK(r.bad_operand == 0);
}

TEST_CASE("arithmetic on a wrong kind names the operand") {
  OpResult r = apply_binary(BinaryOp::Subtract, num(1), yes());
  CHECK(r.error == "Unsuitable value for right operand: a number is required, got bool.");
  CHECK(r.bad_operand == 1);
  r = apply_binary(BinaryOp::Add, Value(), num(1));
  CHECK(r.error == "Unsuitable value for left operand: a number is required, got null.");
  r = apply_binary(BinaryOp::Add, Value::list({}), num(1));
  CHECK(r.bad_operand == 0);
  r = apply_binary(BinaryOp::Add, Value::unknown(ValueKind::Bool), num(1));
  CHECK(r.bad_operand == 0);
}

TEST_CASE("division and modulo by zero are errors on the right operand") {
  OpResult r = apply_binary(BinaryOp::Divide, num(1), num(0));
  CHECK(r.error == "Division by zero is not allowed.");
  CHECK(r.bad_operand == 1);
  r = apply_binary(BinaryOp::Modulo, num(1), str("0"));
  CHECK(r.error == "Modulo by zero is not allowed.");
}

TEST_CASE("comparison needs numbers") {
  CHECK(bin(BinaryOp::Less, num(1), num(2)) == yes());
  CHECK(bin(BinaryOp::LessEqual, num(2), num(2)) == yes());
  CHECK(bin(BinaryOp::Greater, num(1), num(2)) == no());
  CHECK(bin(BinaryOp::GreaterEqual, str("10"), num(9)) == yes());
  OpResult r = apply_binary(BinaryOp::Less, str("a"), str("b"));
  CHECK(r.bad_operand == 0);
  CHECK_FALSE(r.ok());
}

TEST_CASE("equality compares deeply without conversion") {
  CHECK(bin(BinaryOp::Equal, num(1), str("1")) == no());
  CHECK(bin(BinaryOp::NotEqual, num(1), str("1")) == yes());
  CHECK(bin(BinaryOp::Equal, str("a"), str("a")) == yes());
  CHECK(bin(BinaryOp::Equal, Value(), Value()) == yes());
  CHECK(bin(BinaryOp::Equal, Value(), num(0)) == no());
  Value a = Value::object({{"x", Value::tuple({num(1), str("b")})}});
  Value b = Value::object({{"x", Value::tuple({num(1), str("b")})}});
  Value c = Value::object({{"x", Value::tuple({num(1), str("c")})}});
  CHECK(bin(BinaryOp::Equal, a, b) == yes());
  CHECK(bin(BinaryOp::Equal, a, c) == no());
  CHECK(bin(BinaryOp::Equal, Value::object({{"y", num(1)}}), Value::object({{"x", num(1)}})) ==
        no());
}

TEST_CASE("lists equal tuples and maps equal objects with the same content") {
  CHECK(bin(BinaryOp::Equal, Value::list({str("a")}), Value::tuple({str("a")})) == yes());
  CHECK(bin(BinaryOp::Equal, Value::map({{"k", num(1)}}), Value::object({{"k", num(1)}})) == yes());
  CHECK(bin(BinaryOp::Equal, Value::list({}), Value::tuple({})) == yes());
  CHECK(bin(BinaryOp::Equal, Value::list({}), Value::map({})) == no());
}

TEST_CASE("equality with unknown parts is unknown unless a known part differs") {
  Value u = Value::unknown(ValueKind::String);
  Value r = bin(BinaryOp::Equal, u, str("a"));
  CHECK_FALSE(r.known());
  CHECK(r.kind() == ValueKind::Bool);
  CHECK(bin(BinaryOp::Equal, u, num(1)) == no());  // a string is never a number
  CHECK_FALSE(bin(BinaryOp::Equal, u, Value()).known());
  CHECK_FALSE(bin(BinaryOp::Equal, Value::unknown(), num(1)).known());
  Value l1 = Value::tuple({u, str("x")});
  CHECK_FALSE(bin(BinaryOp::Equal, l1, Value::tuple({str("a"), str("x")})).known());
  CHECK(bin(BinaryOp::Equal, l1, Value::tuple({str("a"), str("y")})) == no());
  CHECK(bin(BinaryOp::Equal, l1, Value::tuple({str("a")})) == no());
  CHECK(bin(BinaryOp::NotEqual, l1, Value::tuple({str("a")})) == yes());
}

TEST_CASE("logic needs bools and short-circuits over unknowns") {
  CHECK(bin(BinaryOp::And, yes(), no()) == no());
  CHECK(bin(BinaryOp::And, yes(), yes()) == yes());
  CHECK(bin(BinaryOp::Or, no(), yes()) == yes());
  CHECK(bin(BinaryOp::Or, no(), no()) == no());
  Value u = Value::unknown(ValueKind::Bool);
  CHECK(bin(BinaryOp::And, no(), u) == no());
  CHECK(bin(BinaryOp::And, u, no()) == no());
  CHECK(bin(BinaryOp::Or, u, yes()) == yes());
  CHECK_FALSE(bin(BinaryOp::And, yes(), u).known());
  CHECK_FALSE(bin(BinaryOp::Or, no(), Value::unknown()).known());
  OpResult r = apply_binary(BinaryOp::And, yes(), num(1));
  CHECK(r.error == "Unsuitable value for right operand: a bool is required, got number.");
  r = apply_binary(BinaryOp::Or, Value(), yes());
  CHECK(r.error == "Unsuitable value for left operand: a bool is required, got null.");
}

TEST_CASE("unary operators") {
  CHECK(apply_unary(UnaryOp::Negate, num(3)).value == num(-3));
  CHECK(apply_unary(UnaryOp::Negate, str("3")).value == num(-3));
  CHECK(apply_unary(UnaryOp::Not, yes()).value == no());
  OpResult r = apply_unary(UnaryOp::Not, num(1));
  CHECK(r.error == "Unsuitable value for unary operand: a bool is required, got number.");
  CHECK(r.bad_operand == 0);
  r = apply_unary(UnaryOp::Negate, Value::unknown());
  CHECK(r.value.kind() == ValueKind::Number);
  CHECK_FALSE(r.value.known());
  CHECK(apply_unary(UnaryOp::Not, yes().mark_sensitive()).value == no().mark_sensitive());
}

TEST_CASE("an unknown operand gives an unknown result of the result kind") {
  Value r = bin(BinaryOp::Add, Value::unknown(), num(1));
  CHECK_FALSE(r.known());
  CHECK(r.kind() == ValueKind::Number);
  r = bin(BinaryOp::Less, num(1), Value::unknown(ValueKind::Number));
  CHECK_FALSE(r.known());
  CHECK(r.kind() == ValueKind::Bool);
  r = bin(BinaryOp::Divide, Value::unknown(), num(0));
  CHECK_FALSE(r.known());
}

TEST_CASE("a sensitive operand makes the result sensitive") {
  Value s = num(2).mark_sensitive();
  CHECK(bin(BinaryOp::Add, s, num(1)) == num(3).mark_sensitive());
  CHECK(bin(BinaryOp::Less, num(1), s) == yes().mark_sensitive());
  CHECK(bin(BinaryOp::Equal, s, num(2)) == yes().mark_sensitive());
  Value nested = Value::tuple({str("a").mark_sensitive()});
  CHECK(bin(BinaryOp::Equal, nested, Value::tuple({str("a")})).sensitive());
  CHECK(bin(BinaryOp::Or, yes().mark_sensitive(), no()).sensitive());
  Value unknown_secret = bin(BinaryOp::Add, Value::unknown(), s);
  CHECK(unknown_secret.sensitive());
  CHECK_FALSE(unknown_secret.known());
}

TEST_CASE("arithmetic is exact past a double: 512-bit operands and results") {
  Value tenth = Value::number(0.1);  // the decimal 0.1, not the double nearest it
  Value fifth = Value::number(0.2);
  CHECK(bin(BinaryOp::Add, tenth, fifth) == Value::number(0.3));
  CHECK(bin(BinaryOp::Equal, bin(BinaryOp::Add, tenth, fifth), Value::number(0.3)) == yes());
  Value big = bin(BinaryOp::Multiply, num(4503599627370496), num(4));  // 2^54: past the fast path
  CHECK(big.as_big_number() != nullptr);
  CHECK(format_number(bin(BinaryOp::Add, big, num(1))) == "18014398509481985");
  CHECK(bin(BinaryOp::Less, big, bin(BinaryOp::Add, big, num(1))) == yes());
  // Back under 2^53 the result is a plain double again.
  CHECK(bin(BinaryOp::Subtract, big, big).as_big_number() == nullptr);
  CHECK(bin(BinaryOp::Modulo, bin(BinaryOp::Add, big, num(3)), num(10)) == num(7));
  CHECK(bin(BinaryOp::Divide, num(1), num(4)) == num(0.25));
  CHECK(bin(BinaryOp::Modulo, num(-7), num(3)) == num(-1));
  CHECK(apply_binary(BinaryOp::Divide, num(1), bin(BinaryOp::Subtract, big, big)).error ==
        "Division by zero is not allowed.");
}
