// Operators on values: operand conversion, unknown and sensitive propagation, and the
// deep equality used by `==`, `!=` and functions such as contains() and distinct().
#include "lang/ops.h"

#include <cmath>

#include "lang/types.h"
#include "lang/value_number.h"

namespace fedplan {
namespace {

const char* operand_name(int which, bool unary) {
  if (unary) return "unary operand";
  return which == 0 ? "left operand" : "right operand";
}

// Converts one operand to `t`, or fills `r` with an error naming it.
bool operand(const Value& v, const Type& t, int which, bool unary, Value* out, OpResult* r) {
  std::string problem;
  if (v.is_null()) {
    problem = (t.kind == TypeKind::Number ? "a number is required, got null"
                                          : "a bool is required, got null");
  } else {
    ConvertResult c = convert(v, t);
    if (c.ok()) {
      *out = c.value;
      return true;
    }
    problem = c.error;
  }
  r->error =
      std::string("Unsuitable value for ") + operand_name(which, unary) + ": " + problem + ".";
  r->bad_operand = which;
  return false;
}

Value finish(Value v, bool sensitive) {
  return sensitive ? v.mark_sensitive() : v;
}

// The kind used to decide whether two values can be equal: tuples compare like lists and
// objects like maps.
ValueKind equality_kind(ValueKind k) {
  if (k == ValueKind::Tuple) return ValueKind::List;
  if (k == ValueKind::Object) return ValueKind::Map;
  return k;
}

// Combines element comparisons: any definite difference wins over unknown parts.
struct EqualityFold {
  bool unknown = false;
  bool differ = false;

  void add(std::optional<bool> e) {
    if (!e) unknown = true;
    if (e && !*e) differ = true;
  }
  std::optional<bool> result() const {
    if (differ) return false;
    if (unknown) return std::nullopt;
    return true;
  }
};

// Zero is always held as a double; a 512-bit number is never zero (even when its double is).
bool ops_is_zero(const Value& n) {
  return !n.as_big_number() && n.as_number() == 0;
}

// + - * / % on two known numbers (the divisor not zero). Whole numbers below 2^53 stay doubles
// while the result is exact; anything else is computed at 512 bits, as Terraform does: the
// remainder is x - trunc(x / y) * y, so it takes the sign of x.
Value ops_number_arithmetic(BinaryOp op, const Value& a, const Value& b) {
  if (!a.as_big_number() && !b.as_big_number()) {
    double x = a.as_number(), y = b.as_number();
    if (!std::isfinite(x) || !std::isfinite(y)) {
      // Infinities only come from functions such as pow(); keep IEEE rules for them.
      switch (op) {
        case BinaryOp::Add:
          return Value::number(x + y);
        case BinaryOp::Subtract:
          return Value::number(x - y);
        case BinaryOp::Multiply:
          return Value::number(x * y);
        case BinaryOp::Divide:
          return Value::number(x / y);
        default:
          return Value::number(std::fmod(x, y));
      }
    }
    double out = 0;
    bool exact = true;
    switch (op) {
      case BinaryOp::Add:
        out = x + y;
        break;
      case BinaryOp::Subtract:
        out = x - y;
        break;
      case BinaryOp::Multiply:
        out = x * y;
        break;
      case BinaryOp::Divide:
        exact = std::fmod(x, y) == 0;
        out = x / y;
        break;
      default:
        out = std::fmod(x, y);
        break;
    }
    // A rounded sum or product is at least 2^53, so this also tells the exact ones.
    if (exact && std::fabs(out) < kExactDoubleLimit) return Value::number(out);
  }
  BigFloat x = exact_number(a), y = exact_number(b);
  switch (op) {
    case BinaryOp::Add:
      return number_value(x + y);
    case BinaryOp::Subtract:
      return number_value(x - y);
    case BinaryOp::Multiply:
      return number_value(x * y);
    case BinaryOp::Divide:
      return number_value(x / y);
    default:
      return number_value(x - boost::multiprecision::trunc(x / y) * y);
  }
}

OpResult arithmetic(BinaryOp op, const Value& lhs, const Value& rhs) {
  OpResult r;
  Value a, b;
  if (!operand(lhs, Type::number(), 0, false, &a, &r)) return r;
  if (!operand(rhs, Type::number(), 1, false, &b, &r)) return r;
  bool sensitive = lhs.contains_sensitive() || rhs.contains_sensitive();
  bool is_comparison = op == BinaryOp::Less || op == BinaryOp::LessEqual ||
                       op == BinaryOp::Greater || op == BinaryOp::GreaterEqual;
  if (!a.known() || !b.known()) {
    r.value =
        finish(Value::unknown(is_comparison ? ValueKind::Bool : ValueKind::Number), sensitive);
    return r;
  }
  if ((op == BinaryOp::Divide || op == BinaryOp::Modulo) && ops_is_zero(b)) {
    r.error = op == BinaryOp::Divide ? "Division by zero is not allowed."
                                     : "Modulo by zero is not allowed.";
    r.bad_operand = 1;
    return r;
  }
  Value out;
  switch (op) {
    case BinaryOp::Less:
      out = Value::boolean(compare_numbers(a, b) < 0);
      break;
    case BinaryOp::LessEqual:
      out = Value::boolean(compare_numbers(a, b) <= 0);
      break;
    case BinaryOp::Greater:
      out = Value::boolean(compare_numbers(a, b) > 0);
      break;
    case BinaryOp::GreaterEqual:
      out = Value::boolean(compare_numbers(a, b) >= 0);
      break;
    default:
      out = ops_number_arithmetic(op, a, b);
      break;
  }
  r.value = finish(out, sensitive);
  return r;
}

Value ops_negate(const Value& v) {
  if (const BigNumber* big = v.as_big_number()) return number_value(-big->value);
  return Value::number(-v.as_number());
}

OpResult logic(BinaryOp op, const Value& lhs, const Value& rhs) {
  OpResult r;
  Value a, b;
  if (!operand(lhs, Type::boolean(), 0, false, &a, &r)) return r;
  if (!operand(rhs, Type::boolean(), 1, false, &b, &r)) return r;
  bool sensitive = lhs.contains_sensitive() || rhs.contains_sensitive();
  // The value that decides the result on its own: false for &&, true for ||.
  bool decisive = op == BinaryOp::Or;
  if ((a.known() && a.as_bool() == decisive) || (b.known() && b.as_bool() == decisive)) {
    r.value = finish(Value::boolean(decisive), sensitive);
  } else if (!a.known() || !b.known()) {
    r.value = finish(Value::unknown(ValueKind::Bool), sensitive);
  } else {
    r.value = finish(Value::boolean(!decisive), sensitive);
  }
  return r;
}

}  // namespace

std::optional<bool> values_equal(const Value& a, const Value& b) {
  if (!a.known() || !b.known()) {
    if (!a.known() && !b.known()) return std::nullopt;
    const Value& k = a.known() ? a : b;
    const Value& u = a.known() ? b : a;
    // A null may turn out equal to anything; an unknown of a definite kind cannot equal a
    // known value of another kind.
    if (k.is_null() || u.kind() == ValueKind::Dynamic) return std::nullopt;
    if (equality_kind(k.kind()) != equality_kind(u.kind())) return false;
    return std::nullopt;
  }
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (equality_kind(a.kind()) != equality_kind(b.kind())) return false;
  switch (a.kind()) {
    case ValueKind::Bool:
      return a.as_bool() == b.as_bool();
    case ValueKind::Number:
      return compare_numbers(a, b) == 0;
    case ValueKind::String:
      return a.as_string() == b.as_string();
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set: {
      const ValueList& x = a.elements();
      const ValueList& y = b.elements();
      if (x.size() != y.size()) return false;
      EqualityFold fold;
      for (size_t i = 0; i < x.size(); ++i) fold.add(values_equal(x[i], y[i]));
      return fold.result();
    }
    case ValueKind::Map:
    case ValueKind::Object: {
      const ValueMap& x = a.attributes();
      const ValueMap& y = b.attributes();
      if (x.size() != y.size()) return false;
      EqualityFold fold;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first) return false;
        fold.add(values_equal(i->second, j->second));
      }
      return fold.result();
    }
    default:
      return true;
  }
}

OpResult apply_unary(UnaryOp op, const Value& operand_value) {
  OpResult r;
  Value v;
  bool sensitive = operand_value.contains_sensitive();
  if (op == UnaryOp::Negate) {
    if (!operand(operand_value, Type::number(), 0, true, &v, &r)) return r;
    r.value = finish(v.known() ? ops_negate(v) : Value::unknown(ValueKind::Number), sensitive);
  } else {
    if (!operand(operand_value, Type::boolean(), 0, true, &v, &r)) return r;
    r.value = finish(v.known() ? Value::boolean(!v.as_bool()) : Value::unknown(ValueKind::Bool),
                     sensitive);
  }
  return r;
}

OpResult apply_binary(BinaryOp op, const Value& lhs, const Value& rhs) {
  switch (op) {
    case BinaryOp::Equal:
    case BinaryOp::NotEqual: {
      OpResult r;
      std::optional<bool> eq = values_equal(lhs, rhs);
      Value out =
          eq ? Value::boolean(*eq == (op == BinaryOp::Equal)) : Value::unknown(ValueKind::Bool);
      r.value = finish(out, lhs.contains_sensitive() || rhs.contains_sensitive());
      return r;
    }
    case BinaryOp::And:
    case BinaryOp::Or:
      return logic(op, lhs, rhs);
    default:
      return arithmetic(op, lhs, rhs);
  }
}

}  // namespace fedplan
