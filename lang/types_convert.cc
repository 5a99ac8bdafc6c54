// convert(): turns a value into a value of a type constraint, following HCL's conversion rules,
// keeping unknown and sensitive marks where they are and naming the path of any failure.
#include <algorithm>

#include "lang/types.h"
#include "lang/value_number.h"

namespace fedplan {
namespace {

// What a message says it got: the value's type, plus a short quote for strings that
// failed to parse (never for sensitive ones).
std::string got(const Value& v) {
  if (!v.known()) return std::string("an unknown ") + kind_name(v.kind());
  if (v.kind() == ValueKind::String) {
    if (v.sensitive()) return "a sensitive string";
    std::string s = v.as_string();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return "\"" + s + "\"";
  }
  return v.type_name();
}

std::string required(const Type& t) {
  if (t.is_primitive()) return "a " + t.to_string() + " is required";
  return t.friendly_name() + " required";
}

// Whether a value of `kind` (whose content is not known) could convert to `t`.
bool kind_convertible(ValueKind kind, const Type& t) {
  switch (kind) {
    case ValueKind::Dynamic:
    case ValueKind::Null:
      return true;
    case ValueKind::String:
      return t.is_primitive();
    case ValueKind::Number:
    case ValueKind::Bool:
      return t.kind == TypeKind::String || t.value_kind() == kind;
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
      return t.kind == TypeKind::List || t.kind == TypeKind::Set || t.kind == TypeKind::Tuple;
    case ValueKind::Map:
    case ValueKind::Object:
      return t.kind == TypeKind::Map || t.kind == TypeKind::Object;
  }
  return false;
}

// One step of the path to a failure: `element 3`, `element "k"`, `attribute "a"`. Kept as
// parts and spelled out only when a conversion fails, so a success allocates no text.
struct PathPart {
  enum class Kind : uint8_t { Index, Key, Attribute };
  Kind kind = Kind::Index;
  size_t index = 0;
  const std::string* name = nullptr;  // Key and Attribute: owned by the value or the type

  std::string text() const {
    if (kind == Kind::Index) return "element " + std::to_string(index);
    return (kind == Kind::Key ? "element \"" : "attribute \"") + *name + "\"";
  }
  static PathPart at(size_t i) { return {Kind::Index, i, nullptr}; }
  static PathPart key(const std::string& k) { return {Kind::Key, 0, &k}; }
  static PathPart attribute(const std::string& a) { return {Kind::Attribute, 0, &a}; }
};

// True when `v` is a map (or list) whose elements already have the primitive kind `t` asks
// for, without marks: converting it would rebuild the same value.
bool already_primitive_collection(const Value& v, ValueKind want, const Type& element) {
  if (v.kind() != want || !element.is_primitive()) return false;
  ValueKind kind = element.value_kind();
  auto fits = [&](const Value& e) { return e.known() && e.marks() == 0 && e.kind() == kind; };
  if (v.is_mapping())
    return std::all_of(v.attributes().begin(), v.attributes().end(),
                       [&](const auto& kv) { return fits(kv.second); });
  return std::all_of(v.elements().begin(), v.elements().end(), fits);
}

class Converter {
 public:
  bool run(const Value& v, const Type& t, Value* out) {
    if (t.kind == TypeKind::Any || v.is_null()) {
      *out = v;
      return true;
    }
    if (!v.known()) {
      if (!kind_convertible(v.kind(), t)) return fail(required(t) + ", got " + got(v));
      *out = Value::unknown(t.value_kind()).with_marks(v.marks());
      return true;
    }
    uint8_t marks = v.marks();
    Value plain = v.unmarked();
    Value result;
    bool outer = sensitive_;
    sensitive_ = v.sensitive();
    bool ok = convert_known(plain, t, &result);
    sensitive_ = outer;
    if (!ok) return false;
    *out = result.with_marks(marks);
    return true;
  }

  std::string error;

 private:
  std::vector<PathPart> path_;
  bool sensitive_ = false;  // whether the value being converted was marked sensitive

  std::string got(const Value& v) const {
    return sensitive_ && v.kind() == ValueKind::String ? "a sensitive string" : fedplan::got(v);
  }

  bool fail(const std::string& message) {
    error.clear();
    for (const PathPart& p : path_) error += p.text() + ": ";
    error += message;
    return false;
  }

  bool nested(PathPart step, const Value& v, const Type& t, Value* out) {
    path_.push_back(step);
    bool ok = run(v, t, out);
    path_.pop_back();
    return ok;
  }

  bool convert_known(const Value& v, const Type& t, Value* out) {
    switch (t.kind) {
      case TypeKind::Any:
        *out = v;
        return true;
      case TypeKind::String:
        return to_string(v, t, out);
      case TypeKind::Number:
        return to_number(v, t, out);
      case TypeKind::Bool:
        return to_bool(v, t, out);
      case TypeKind::List:
      case TypeKind::Set:
        return to_list_or_set(v, t, out);
      case TypeKind::Map:
        return to_map(v, t, out);
      case TypeKind::Tuple:
        return to_tuple(v, t, out);
      case TypeKind::Object:
        return to_object(v, t, out);
    }
    return fail("unsupported type");
  }

  bool to_string(const Value& v, const Type& t, Value* out) {
    switch (v.kind()) {
      case ValueKind::String:
        *out = v;
        return true;
      case ValueKind::Number:
        *out = Value::string(format_number(v));
        return true;
      case ValueKind::Bool:
        *out = Value::string(v.as_bool() ? "true" : "false");
        return true;
      default:
        return fail(required(t) + ", got " + got(v));
    }
  }

  bool to_number(const Value& v, const Type& t, Value* out) {
    if (v.kind() == ValueKind::Number) {
      *out = v;
      return true;
    }
    if (v.kind() == ValueKind::String) {
      if (std::optional<Value> n = parse_number_value(v.as_string())) {
        *out = std::move(*n);
        return true;
      }
    }
    return fail(required(t) + ", got " + got(v));
  }

  bool to_bool(const Value& v, const Type& t, Value* out) {
    if (v.kind() == ValueKind::Bool) {
      *out = v;
      return true;
    }
    if (v.kind() == ValueKind::String) {
      if (v.as_string() == "true" || v.as_string() == "false") {
        *out = Value::boolean(v.as_string() == "true");
        return true;
      }
    }
    return fail(required(t) + ", got " + got(v));
  }

  // Converts each element to `element`; when that type contains `any`, the converted
  // elements are then brought to their common type, as a collection needs one.
  bool convert_elements(const std::vector<std::pair<PathPart, const Value*>>& items,
                        const Type& element, std::vector<Value>* out) {
    out->clear();
    for (const auto& [step, e] : items) {
      Value c;
      if (!nested(step, *e, element, &c)) return false;
      out->push_back(std::move(c));
    }
    if (!element.has_any()) return true;
    Type common = Type::any();
    for (const Value& c : *out) {
      std::optional<Type> u = unify_types(common, type_of(c));
      if (!u) return fail("all elements must have the same type");
      common = std::move(*u);
    }
    for (size_t i = 0; i < out->size(); ++i) {
      if (!nested(items[i].first, (*out)[i], common, &(*out)[i])) return false;
    }
    return true;
  }

  bool to_list_or_set(const Value& v, const Type& t, Value* out) {
    if (!v.is_sequence()) return fail(required(t) + ", got " + got(v));
    if (t.kind == TypeKind::List && already_primitive_collection(v, ValueKind::List, t.element())) {
      *out = v;
      return true;
    }
    std::vector<std::pair<PathPart, const Value*>> items;
    const ValueList& elems = v.elements();
    items.reserve(elems.size());
    for (size_t i = 0; i < elems.size(); ++i) items.emplace_back(PathPart::at(i), &elems[i]);
    ValueList converted;
    if (!convert_elements(items, t.element(), &converted)) return false;
    *out = t.kind == TypeKind::Set ? Value::set(std::move(converted))
                                   : Value::list(std::move(converted));
    return true;
  }

  bool to_map(const Value& v, const Type& t, Value* out) {
    if (!v.is_mapping()) return fail(required(t) + ", got " + got(v));
    if (already_primitive_collection(v, ValueKind::Map, t.element())) {
      *out = v;
      return true;
    }
    std::vector<std::pair<PathPart, const Value*>> items;
    items.reserve(v.attributes().size());
    for (const auto& [k, e] : v.attributes()) items.emplace_back(PathPart::key(k), &e);
    ValueList converted;
    if (!convert_elements(items, t.element(), &converted)) return false;
    ValueMap m;
    size_t i = 0;
    for (const auto& [k, e] : v.attributes()) m.emplace(k, std::move(converted[i++]));
    *out = Value::map(std::move(m));
    return true;
  }

  bool to_tuple(const Value& v, const Type& t, Value* out) {
    if (!v.is_sequence()) return fail(required(t) + ", got " + got(v));
    const ValueList& elems = v.elements();
    if (elems.size() != t.elements.size()) {
      return fail("a tuple of " + std::to_string(t.elements.size()) +
                  " elements is required, got " + std::to_string(elems.size()));
    }
    ValueList converted(elems.size());
    for (size_t i = 0; i < elems.size(); ++i) {
      if (!nested(PathPart::at(i), elems[i], t.elements[i], &converted[i])) return false;
    }
    *out = Value::tuple(std::move(converted));
    return true;
  }

  bool to_object(const Value& v, const Type& t, Value* out) {
    if (!v.is_mapping()) return fail(required(t) + ", got " + got(v));
    ValueMap m;
    for (const ObjectAttr& a : t.attrs) {
      PathPart step = PathPart::attribute(a.name);
      const Value* given = v.get(a.name);
      Value c;
      if (given && !given->is_null()) {
        if (!nested(step, *given, a.type, &c)) return false;
      } else if (given == nullptr && !a.optional) {
        return fail("attribute \"" + a.name + "\" is required");
      } else if (a.default_value && (given == nullptr || !given->sensitive())) {
        if (!nested(step, *a.default_value, a.type, &c)) return false;
      } else if (given) {
        c = *given;  // an explicit null keeps its marks
      }
      m.emplace(a.name, std::move(c));
    }
    *out = Value::object(std::move(m));
    return true;
  }
};

}  // namespace

ConvertResult convert(const Value& v, const Type& t) {
  Converter c;
  ConvertResult r;
  if (!c.run(v, t, &r.value)) {
    r.value = Value();
    r.error = c.error;
  }
  return r;
}

}  // namespace fedplan
