// Content equality of Values for change detection: the shapes JSON cannot tell apart (list and
// tuple, map and object) compare equal, marks compare down to the first sensitive value.
#include "lang/value_equality.h"

#include "lang/value_number.h"

namespace fedplan {

namespace {

// Which JSON shape a value is stored as: the kinds the state cannot tell apart.
enum class Shape : uint8_t { Null, Bool, Number, String, Array, Object };

Shape shape(const Value& v) {
  switch (v.kind()) {
    case ValueKind::Bool:
      return Shape::Bool;
    case ValueKind::Number:
      return Shape::Number;
    case ValueKind::String:
      return Shape::String;
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
      return Shape::Array;
    case ValueKind::Map:
    case ValueKind::Object:
      return Shape::Object;
    default:
      return Shape::Null;
  }
}

// Both wholly known. Marks are compared down to the first sensitive value on each path, as
// sensitive_paths() records them; below it they do not matter.
bool same_known(const Value& a, const Value& b, bool marks) {
  if (marks && a.sensitive() != b.sensitive()) return false;
  marks = marks && !a.sensitive();
  Shape s = shape(a);
  if (s != shape(b)) return false;
  switch (s) {
    case Shape::Null:
      return true;
    case Shape::Bool:
      return a.as_bool() == b.as_bool();
    case Shape::Number:
      return compare_numbers(a, b) == 0;
    case Shape::String:
      return a.as_string() == b.as_string();
    case Shape::Array: {
      const ValueList& x = a.elements();
      const ValueList& y = b.elements();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (!same_known(x[i], y[i], marks)) return false;
      return true;
    }
    case Shape::Object: {
      const ValueMap& x = a.attributes();
      const ValueMap& y = b.attributes();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
        if (i->first != j->first || !same_known(i->second, j->second, marks)) return false;
      return true;
    }
  }
  return false;
}

}  // namespace

bool same_value(const Value& a, const Value& b) {
  // Compared directly rather than through to_json(): a no-op plan compares every instance.
  if (!a.wholly_known() || !b.wholly_known()) return false;
  return same_known(a, b, true);
}

}  // namespace fedplan
