// Value: construction, accessors, marks, deep equality, ordering and printing.
// Collections are shared immutable vectors/maps so that copying a value never copies content.
#include "lang/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "base/quote.h"
#include "lang/value_number.h"

namespace fedplan {

const char* kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::Null:
      return "null";
    case ValueKind::Bool:
      return "bool";
    case ValueKind::Number:
      return "number";
    case ValueKind::String:
      return "string";
    case ValueKind::List:
      return "list";
    case ValueKind::Tuple:
      return "tuple";
    case ValueKind::Set:
      return "set";
    case ValueKind::Map:
      return "map";
    case ValueKind::Object:
      return "object";
    case ValueKind::Dynamic:
      return "any";
  }
  return "?";
}

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = ValueKind::Bool;
  v.data_ = b;
  return v;
}

Value Value::number(double n) {
  if (!fits_double_storage(n)) {
    // The decimal the double stands for (what JSON or a provider meant), not its binary value.
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, n);
    if (std::optional<BigFloat> big = parse_big_float(std::string_view(buf, res.ptr - buf)))
      return number_value(*big);
  }
  Value v;
  v.kind_ = ValueKind::Number;
  v.data_ = n;
  return v;
}

Value Value::big_number(std::shared_ptr<const BigNumber> n) {
  Value v;
  v.kind_ = ValueKind::Number;
  v.data_ = std::move(n);
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = ValueKind::String;
  v.data_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::list(ValueList items) {
  Value v;
  v.kind_ = ValueKind::List;
  v.data_ = std::make_shared<const ValueList>(std::move(items));
  return v;
}

Value Value::tuple(ValueList items) {
  Value v = list(std::move(items));
  v.kind_ = ValueKind::Tuple;
  return v;
}

Value Value::set(ValueList items) {
  std::sort(items.begin(), items.end(),
            [](const Value& a, const Value& b) { return compare(a, b) < 0; });
  items.erase(std::unique(items.begin(), items.end()), items.end());
  Value v = list(std::move(items));
  v.kind_ = ValueKind::Set;
  return v;
}

Value Value::map(ValueMap items) {
  Value v;
  v.kind_ = ValueKind::Map;
  v.data_ = std::make_shared<const ValueMap>(std::move(items));
  return v;
}

Value Value::object(ValueMap items) {
  Value v = map(std::move(items));
  v.kind_ = ValueKind::Object;
  return v;
}

Value Value::unknown(ValueKind kind) {
  Value v;
  v.kind_ = kind;
  v.marks_ = kUnknown;
  return v;
}

bool Value::is_collection() const {
  return is_sequence() || is_mapping();
}

bool Value::is_sequence() const {
  return kind_ == ValueKind::List || kind_ == ValueKind::Tuple || kind_ == ValueKind::Set;
}

bool Value::is_mapping() const {
  return kind_ == ValueKind::Map || kind_ == ValueKind::Object;
}

bool Value::wholly_known() const {
  if (!known()) return false;
  if (is_sequence()) {
    for (const Value& e : elements())
      if (!e.wholly_known()) return false;
  } else if (is_mapping()) {
    for (const auto& [k, e] : attributes())
      if (!e.wholly_known()) return false;
  }
  return true;
}

bool Value::contains_sensitive() const {
  if (sensitive()) return true;
  if (!known()) return false;
  if (is_sequence()) {
    for (const Value& e : elements())
      if (e.contains_sensitive()) return true;
  } else if (is_mapping()) {
    for (const auto& [k, e] : attributes())
      if (e.contains_sensitive()) return true;
  }
  return false;
}

namespace {
[[noreturn]] void wrong_kind(const Value& v, const char* wanted) {
  throw std::logic_error(std::string("Value: asked for ") + wanted + " of " +
                         (v.known() ? v.type_name() : "an unknown value"));
}
}  // namespace

bool Value::as_bool() const {
  if (kind_ != ValueKind::Bool || !known()) wrong_kind(*this, "bool");
  return std::get<bool>(data_);
}

double Value::as_number() const {
  if (kind_ != ValueKind::Number || !known()) wrong_kind(*this, "number");
  if (const double* d = std::get_if<double>(&data_)) return *d;
  return std::get<std::shared_ptr<const BigNumber>>(data_)->value.convert_to<double>();
}

const BigNumber* Value::as_big_number() const {
  if (kind_ != ValueKind::Number || !known()) wrong_kind(*this, "number");
  const auto* big = std::get_if<std::shared_ptr<const BigNumber>>(&data_);
  return big ? big->get() : nullptr;
}

const std::string& Value::as_string() const {
  if (kind_ != ValueKind::String || !known()) wrong_kind(*this, "string");
  return *std::get<std::shared_ptr<const std::string>>(data_);
}

const ValueList& Value::elements() const {
  if (!is_sequence() || !known()) wrong_kind(*this, "elements");
  return *std::get<std::shared_ptr<const ValueList>>(data_);
}

const ValueMap& Value::attributes() const {
  if (!is_mapping() || !known()) wrong_kind(*this, "attributes");
  return *std::get<std::shared_ptr<const ValueMap>>(data_);
}

size_t Value::size() const {
  if (kind_ == ValueKind::String) return as_string().size();
  if (is_sequence()) return elements().size();
  if (is_mapping()) return attributes().size();
  wrong_kind(*this, "size");
}

const Value* Value::get(std::string_view key) const {
  if (!is_mapping() || !known()) return nullptr;
  const ValueMap& m = attributes();
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

const Value* Value::at(size_t index) const {
  if (!is_sequence() || !known()) return nullptr;
  const ValueList& l = elements();
  return index < l.size() ? &l[index] : nullptr;
}

Value Value::with_marks(uint8_t marks) const {
  Value v = *this;
  v.marks_ |= marks;
  return v;
}

Value Value::unmarked() const {
  Value v = *this;
  v.marks_ &= static_cast<uint8_t>(~kSensitive);
  return v;
}

Value Value::unmarked_deep() const {
  Value v = unmarked();
  if (!known()) return v;
  if (is_sequence()) {
    ValueList out;
    out.reserve(elements().size());
    for (const Value& e : elements()) out.push_back(e.unmarked_deep());
    v.data_ = std::make_shared<const ValueList>(std::move(out));
  } else if (is_mapping()) {
    ValueMap out;
    for (const auto& [k, e] : attributes()) out.emplace(k, e.unmarked_deep());
    v.data_ = std::make_shared<const ValueMap>(std::move(out));
  }
  return v;
}

namespace {

int compare_impl(const Value& a, const Value& b, bool with_marks) {
  if (a.kind() != b.kind()) return a.kind() < b.kind() ? -1 : 1;
  if (with_marks && a.marks() != b.marks()) return a.marks() < b.marks() ? -1 : 1;
  if (a.known() != b.known()) return a.known() ? 1 : -1;
  if (!a.known()) return 0;
  switch (a.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      return 0;
    case ValueKind::Bool:
      return a.as_bool() == b.as_bool() ? 0 : (a.as_bool() ? 1 : -1);
    case ValueKind::Number:
      return compare_numbers(a, b);
    case ValueKind::String:
      return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() == b.as_string() ? 0 : 1;
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set: {
      const ValueList& x = a.elements();
      const ValueList& y = b.elements();
      if (&x == &y) return 0;
      for (size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (int c = compare_impl(x[i], y[i], with_marks)) return c;
      return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
    }
    case ValueKind::Map:
    case ValueKind::Object: {
      const ValueMap& x = a.attributes();
      const ValueMap& y = b.attributes();
      if (&x == &y) return 0;
      auto i = x.begin();
      auto j = y.begin();
      for (; i != x.end() && j != y.end(); ++i, ++j) {
        if (int c = i->first.compare(j->first)) return c < 0 ? -1 : 1;
        if (int c = compare_impl(i->second, j->second, with_marks)) return c;
      }
      return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
    }
  }
  return 0;
}

}  // namespace

bool Value::operator==(const Value& other) const {
  return compare_impl(*this, other, true) == 0;
}

bool Value::equal_content(const Value& other) const {
  return compare_impl(*this, other, false) == 0;
}

int Value::compare(const Value& a, const Value& b) {
  return compare_impl(a, b, true);
}

std::string Value::type_name() const {
  switch (kind_) {
    case ValueKind::List:
    case ValueKind::Set:
    case ValueKind::Map: {
      std::string prefix = std::string(kind_name(kind_)) + " of ";
      if (!known()) return prefix + "any";
      if (kind_ == ValueKind::Map)
        return prefix + (attributes().empty() ? "any" : attributes().begin()->second.type_name());
      return prefix + (elements().empty() ? "any" : elements().front().type_name());
    }
    default:
      return kind_name(kind_);
  }
}

std::string format_number(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (n == std::trunc(n) && std::fabs(n) < 1e17) {
    return std::to_string(static_cast<long long>(n));
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, n);
  return std::string(buf, res.ptr);
}

std::string format_number(const Value& v) {
  if (const BigNumber* b = v.as_big_number()) return format_big_float(b->value);
  return format_number(v.as_number());
}

std::string debug_string(const Value& v) {
  if (v.sensitive()) return "(sensitive value)";
  if (!v.known()) return "(known after apply)";
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      return "null";
    case ValueKind::Bool:
      return v.as_bool() ? "true" : "false";
    case ValueKind::Number:
      return format_number(v);
    case ValueKind::String:
      return quote(v.as_string());
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set: {
      std::string out = v.kind() == ValueKind::Set ? "toset([" : "[";
      bool first = true;
      for (const Value& e : v.elements()) {
        if (!first) out += ", ";
        first = false;
        out += debug_string(e);
      }
      return out + (v.kind() == ValueKind::Set ? "])" : "]");
    }
    case ValueKind::Map:
    case ValueKind::Object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : v.attributes()) {
        out += first ? " " : ", ";
        first = false;
        out += quote(k) + " = " + debug_string(e);
      }
      return out + (first ? "}" : " }");
    }
  }
  return "?";
}

}  // namespace fedplan
