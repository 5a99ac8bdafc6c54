// Attribute and index access on values (`x.name`, `x["k"]`, `x[0]`) with the language's
// error messages, "did you mean" hints, and unknown/sensitive propagation.
#include <cmath>

#include "base/suggest.h"
#include "lang/eval.h"
#include "lang/eval_impl.h"

namespace fedplan {

namespace {

std::vector<std::string> keys_of(const Value& v) {
  std::vector<std::string> out;
  for (const auto& [k, e] : v.attributes()) out.push_back(k);
  return out;
}

std::string did_you_mean(const std::string& name, const Value& object) {
  if (auto s = suggest(name, keys_of(object))) return " Did you mean \"" + *s + "\"?";
  return "";
}

// The result of an access on a container with `marks`: sensitive containers give sensitive
// elements.
Value carry(const Value& element, const Value& container) {
  if (container.sensitive()) return element.mark_sensitive();
  return element;
}

}  // namespace

Value get_attribute(const Value& v, const std::string& name, const Span& where,
                    Diagnostics& diags) {
  if (!v.known()) {
    switch (v.kind()) {
      case ValueKind::Object:
      case ValueKind::Map:
      case ValueKind::Dynamic:
        return Value::unknown().with_marks(v.sensitive() ? Value::kSensitive : 0);
      default:
        break;
    }
  }
  if (v.is_null()) {
    diags.error(
        "Attempt to get attribute from null value",
        "This value is null, so it does not have any attributes (looking for \"" + name + "\").",
        where);
    return Value::unknown();
  }
  switch (v.kind()) {
    case ValueKind::Object:
      if (const Value* e = v.get(name)) return carry(*e, v);
      diags.error(
          "Unsupported attribute",
          "This object does not have an attribute named \"" + name + "\"." + did_you_mean(name, v),
          where);
      return Value::unknown();
    case ValueKind::Map:
      if (const Value* e = v.get(name)) return carry(*e, v);
      diags.error("Missing map element",
                  "This map does not have an element with the key \"" + name + "\"." +
                      did_you_mean(name, v),
                  where);
      return Value::unknown();
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
      diags.error("Unsupported attribute",
                  "Can't access attribute \"" + name + "\" on a " + kind_name(v.kind()) +
                      ". To take it from one element write [0]." + name +
                      ", or from every element write [*]." + name + ".",
                  where);
      return Value::unknown();
    default:
      diags.error("Unsupported attribute",
                  "Can't access attributes on a primitive-typed value (" + v.type_name() + ").",
                  where);
      return Value::unknown();
  }
}

Value get_index(const Value& coll, const Value& key, const Span& where, Diagnostics& diags) {
  uint8_t sens = (coll.sensitive() || key.sensitive()) ? Value::kSensitive : 0;
  if (key.known() && key.is_null()) {
    diags.error("Invalid index", "Can't use a null value as an indexing key.", where);
    return Value::unknown();
  }
  if (!coll.known() || !key.known()) {
    if (coll.known() && coll.is_null()) {
      diags.error("Attempt to index null value",
                  "This value is null, so it does not have any indices.", where);
      return Value::unknown();
    }
    return Value::unknown().with_marks(sens);
  }
  if (coll.is_null()) {
    diags.error("Attempt to index null value",
                "This value is null, so it does not have any indices.", where);
    return Value::unknown();
  }
  switch (coll.kind()) {
    case ValueKind::List:
    case ValueKind::Tuple: {
      double n = 0;
      if (key.kind() == ValueKind::Number) {
        n = key.as_number();
      } else if (key.kind() == ValueKind::String) {
        char* end = nullptr;
        const std::string& s = key.as_string();
        n = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) {
          diags.error("Invalid index",
                      "A " + std::string(kind_name(coll.kind())) +
                          " is indexed by a whole number, not by the string \"" + s + "\".",
                      where);
          return Value::unknown();
        }
      } else {
        diags.error("Invalid index",
                    "A " + std::string(kind_name(coll.kind())) +
                        " is indexed by a whole number, not by a " + key.type_name() + ".",
                    where);
        return Value::unknown();
      }
      if (!std::isfinite(n) || n != std::floor(n)) {
        diags.error("Invalid index",
                    "The index must be a whole number, got " + format_number(n) + ".", where);
        return Value::unknown();
      }
      size_t size = coll.size();
      if (n < 0 || n >= static_cast<double>(size)) {
        diags.error("Invalid index",
                    "The index " + format_number(n) + " is out of range: the " +
                        kind_name(coll.kind()) + " has " + std::to_string(size) +
                        (size == 1 ? " element." : " elements."),
                    where);
        return Value::unknown();
      }
      return coll.at(static_cast<size_t>(n))->with_marks(sens);
    }
    case ValueKind::Map:
    case ValueKind::Object: {
      std::string k;
      if (key.kind() == ValueKind::String) {
        k = key.as_string();
      } else if (key.kind() == ValueKind::Number) {
        k = format_number(key);
      } else if (key.kind() == ValueKind::Bool) {
        k = key.as_bool() ? "true" : "false";
      } else {
        diags.error("Invalid index",
                    "A " + std::string(kind_name(coll.kind())) +
                        " is indexed by a string, not by a " + key.type_name() + ".",
                    where);
        return Value::unknown();
      }
      if (const Value* e = coll.get(k)) return e->with_marks(sens);
      if (coll.kind() == ValueKind::Object)
        diags.error(
            "Invalid index",
            "This object does not have an attribute named \"" + k + "\"." + did_you_mean(k, coll),
            where);
      else
        diags.error(
            "Invalid index",
            "This map does not have an element with the key \"" + k + "\"." + did_you_mean(k, coll),
            where);
      return Value::unknown();
    }
    case ValueKind::Set:
      diags.error("Invalid index",
                  "Elements of a set are identified only by their value and have no index or key; "
                  "convert it with tolist() first, or use a for expression over it.",
                  where);
      return Value::unknown();
    default:
      diags.error("Invalid index",
                  "This value (" + coll.type_name() + ") does not have any indices.", where);
      return Value::unknown();
  }
}

Value apply_steps(const Value& v, const std::vector<TraversalStep>& steps, size_t first,
                  Diagnostics& diags) {
  Value cur = v;
  for (size_t i = first; i < steps.size(); ++i) {
    const TraversalStep& s = steps[i];
    if (s.kind == TraversalStep::Kind::Attr)
      cur = get_attribute(cur, s.name, s.span, diags);
    else
      cur = get_index(cur, s.key, s.span, diags);
    // After an error `cur` is unknown, so later steps pass it through without more errors.
  }
  return cur;
}

}  // namespace fedplan
