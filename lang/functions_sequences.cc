// Functions that filter or reshape sequences and sets: flatten, distinct, sort, compact,
// coalesce, one, alltrue, anytrue and the set algebra (setunion, setintersection, setsubtract).
#include <algorithm>

#include "lang/functions_util.h"
#include "lang/ops.h"

namespace fedplan::fn {
namespace {

// Appends the elements of `v`, descending into nested sequences. Returns false when an
// unknown sequence makes the length of the result unknown. A sensitive sequence passes its
// mark on to every element taken out of it.
bool flatten_into(const Value& v, bool sensitive, ValueList* out) {
  for (const Value& e : v.elements()) {
    bool inner_sensitive = sensitive || e.sensitive();
    if (!e.known() && (e.kind() == ValueKind::Dynamic || e.is_sequence())) return false;
    if (e.known() && e.is_sequence()) {
      if (!flatten_into(e, inner_sensitive, out)) return false;
      continue;
    }
    out->push_back(sensitive ? e.mark_sensitive() : e);
  }
  return true;
}

FunctionResult flatten(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(keep_sensitive(Value::unknown(), l));
  if (!l.is_sequence()) return fail(0, "a list is required, got " + l.type_name());
  ValueList out;
  if (!flatten_into(l, false, &out)) return ok(keep_sensitive(Value::unknown(), l));
  Value result =
      l.kind() == ValueKind::Tuple ? Value::tuple(std::move(out)) : list_or_tuple(std::move(out));
  return ok(keep_sensitive(result, l));
}

FunctionResult distinct(Args args, const FunctionContext&) {
  ValueList out;
  for (const Value& e : args[0].elements()) {
    bool seen = std::any_of(out.begin(), out.end(),
                            [&](const Value& o) { return values_equal(o, e).value_or(false); });
    if (!seen) out.push_back(e);
  }
  return ok(Value::list(std::move(out)));
}

FunctionResult sort(Args args, const FunctionContext&) {
  ValueList out = args[0].elements();
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i].is_null()) return fail(0, "element " + std::to_string(i) + " is null");
  std::stable_sort(out.begin(), out.end(),
                   [](const Value& a, const Value& b) { return a.as_string() < b.as_string(); });
  return ok(Value::list(std::move(out)));
}

FunctionResult compact(Args args, const FunctionContext&) {
  ValueList out;
  for (const Value& e : args[0].elements())
    if (!e.is_null() && !e.as_string().empty()) out.push_back(e);
  return ok(Value::list(std::move(out)));
}

FunctionResult coalesce(Args args, const FunctionContext&) {
  for (const Value& v : args) {
    if (!v.known()) return ok(Value::unknown(v.kind()));
    if (v.is_null() || (v.kind() == ValueKind::String && v.as_string().empty())) continue;
    // Like Terraform, the result has the common type of all the arguments.
    Type common = Type::any();
    for (const Value& a : args) {
      if (a.is_null()) continue;
      std::optional<Type> u = unify_types(common, type_of(a));
      if (!u) return ok(v);
      common = std::move(*u);
    }
    ConvertResult c = convert(v, common);
    return ok(c.ok() ? c.value : v);
  }
  return fail(-1, "no non-null, non-empty-string arguments");
}

FunctionResult one(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(keep_sensitive(Value::unknown(), l));
  if (!l.is_sequence()) return fail(0, "a list, set or tuple is required, got " + l.type_name());
  if (l.size() > 1)
    return fail(0, "must be a list, set, or tuple value with either zero or one elements");
  return ok(keep_sensitive(l.size() == 1 ? l.elements()[0] : Value(), l));
}

FunctionResult alltrue(Args args, const FunctionContext&) {
  for (const Value& e : args[0].elements())
    if (e.is_null() || !e.as_bool()) return ok(Value::boolean(false));
  return ok(Value::boolean(true));
}

FunctionResult anytrue(Args args, const FunctionContext&) {
  for (const Value& e : args[0].elements())
    if (!e.is_null() && e.as_bool()) return ok(Value::boolean(true));
  return ok(Value::boolean(false));
}

bool set_has(const Value& set, const Value& e) {
  for (const Value& x : set.elements())
    if (values_equal(x, e).value_or(false)) return true;
  return false;
}

// Brings the elements of a computed set to one type when they have one.
Value unified_set(ValueList items) {
  Value s = Value::set(std::move(items));
  ConvertResult c = convert(s, Type::set(Type::any()));
  return c.ok() ? c.value : s;
}

FunctionResult setunion(Args args, const FunctionContext&) {
  ValueList out;
  for (const Value& s : args) out.insert(out.end(), s.elements().begin(), s.elements().end());
  return ok(unified_set(std::move(out)));
}

FunctionResult setintersection(Args args, const FunctionContext&) {
  ValueList out;
  for (const Value& e : args[0].elements()) {
    bool everywhere = true;
    for (size_t i = 1; i < args.size() && everywhere; ++i) everywhere = set_has(args[i], e);
    if (everywhere) out.push_back(e);
  }
  return ok(unified_set(std::move(out)));
}

FunctionResult setsubtract(Args args, const FunctionContext&) {
  ValueList out;
  for (const Value& e : args[0].elements())
    if (!set_has(args[1], e)) out.push_back(e);
  return ok(unified_set(std::move(out)));
}

Function sets(const char* name, const char* summary, FunctionImpl impl) {
  Function f = make_function(name, summary, {}, impl, ValueKind::Set);
  f.variadic = param("sets", Type::set(Type::any()));
  f.min_args = 1;
  return f;
}

}  // namespace

void add_sequence_functions(std::vector<Function>* out) {
  const unsigned kHandles = kUnknown | kMarked;
  Type strings = Type::list(Type::string());
  out->push_back(make_function("flatten", "Replaces nested lists by their elements.",
                               {param("list", Type::any(), kHandles)}, flatten,
                               ValueKind::Dynamic));
  out->push_back(make_function("distinct", "The list without duplicates, first ones kept.",
                               {param("list", Type::list(Type::any()))}, distinct,
                               ValueKind::List));
  out->push_back(make_function("sort", "The strings sorted lexically.", {param("list", strings)},
                               sort, ValueKind::List));
  out->push_back(make_function("compact", "The list without null and empty strings.",
                               {param("list", strings)}, compact, ValueKind::List));
  Function c = make_function("coalesce", "The first argument that is not null or \"\".", {},
                             coalesce, ValueKind::Dynamic);
  c.variadic = param("vals", Type::any(), kNull | kUnknown);
  c.min_args = 1;
  out->push_back(std::move(c));
  out->push_back(make_function("one", "The only element of a list, or null when it is empty.",
                               {param("list", Type::any(), kHandles)}, one, ValueKind::Dynamic));
  out->push_back(make_function("alltrue", "Whether every element is true.",
                               {param("list", Type::list(Type::boolean()))}, alltrue,
                               ValueKind::Bool));
  out->push_back(make_function("anytrue", "Whether any element is true.",
                               {param("list", Type::list(Type::boolean()))}, anytrue,
                               ValueKind::Bool));
  out->push_back(sets("setunion", "The elements in any of the sets.", setunion));
  out->push_back(sets("setintersection", "The elements in all of the sets.", setintersection));
  Function sub =
      sets("setsubtract", "The elements of the first set not in the second.", setsubtract);
  sub.params = {param("a", Type::set(Type::any())), param("b", Type::set(Type::any()))};
  sub.variadic.reset();
  out->push_back(std::move(sub));
}

}  // namespace fedplan::fn
