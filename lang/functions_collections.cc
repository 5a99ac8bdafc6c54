// Collection functions that take collections apart or put them together: length, lookup,
// merge, concat, coalescelist, keys, values, contains, index, element, slice, chunklist,
// reverse, zipmap and range.
// Most accept unknown and sensitive elements and keep them in place.
#include <algorithm>
#include <cmath>

#include "lang/functions_util.h"
#include "lang/ops.h"

namespace fedplan::fn {
namespace {

std::string kind_required(const char* what, const Value& v) {
  return std::string(what) + " is required, got " + v.type_name();
}

FunctionResult length(Args args, const FunctionContext&) {
  const Value& v = args[0];
  if (!v.known() || (v.kind() == ValueKind::Set && !v.wholly_known())) {
    // A set with unknown elements may shrink once they are known.
    return ok(keep_sensitive(Value::unknown(ValueKind::Number), v));
  }
  if (v.kind() == ValueKind::String) {
    return ok(keep_sensitive(Value::number(double(utf8_count(v.as_string()))), v));
  }
  if (!v.is_collection())
    return fail(0, "a string or a collection is required, got " + v.type_name());
  return ok(keep_sensitive(Value::number(double(v.size())), v));
}

FunctionResult lookup(Args args, const FunctionContext&) {
  const Value& m = args[0];
  if (!m.known()) return ok(keep_sensitive(Value::unknown(), m));
  if (!m.is_mapping()) return fail(0, kind_required("a map or object", m));
  const std::string& key = args[1].as_string();
  if (const Value* found = m.get(key)) return ok(keep_sensitive(*found, m));
  if (args.size() > 2) return ok(args[2]);
  return fail(1, "the key \"" + key + "\" does not exist in the map and no default was given");
}

FunctionResult merge(Args args, const FunctionContext&) {
  ValueMap out;
  bool all_maps = true;
  bool sensitive = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const Value& m = args[i];
    if (m.is_null()) continue;
    if (!m.known()) {
      if (m.kind() != ValueKind::Dynamic && !m.is_mapping())
        return fail(static_cast<int>(i), kind_required("a map or object", m));
      return ok(keep_sensitive(Value::unknown(), m));
    }
    if (!m.is_mapping()) return fail(static_cast<int>(i), kind_required("a map or object", m));
    all_maps = all_maps && m.kind() == ValueKind::Map;
    sensitive = sensitive || m.sensitive();
    for (const auto& [k, v] : m.attributes()) out.insert_or_assign(k, v);
  }
  Value result = Value::object(out);
  if (all_maps) {
    ConvertResult c = convert(Value::map(out), Type::map(Type::any()));
    if (c.ok()) result = c.value;
  }
  return ok(sensitive ? result.mark_sensitive() : result);
}

FunctionResult concat(Args args, const FunctionContext&) {
  ValueList out;
  bool all_lists = true;
  bool sensitive = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const Value& l = args[i];
    if (!l.known()) {
      if (l.kind() != ValueKind::Dynamic && !l.is_sequence())
        return fail(static_cast<int>(i), kind_required("a list", l));
      return ok(keep_sensitive(Value::unknown(), l));
    }
    if (!l.is_sequence()) return fail(static_cast<int>(i), kind_required("a list", l));
    all_lists = all_lists && l.kind() == ValueKind::List;
    sensitive = sensitive || l.sensitive();
    out.insert(out.end(), l.elements().begin(), l.elements().end());
  }
  Value result = all_lists ? list_or_tuple(std::move(out)) : Value::tuple(std::move(out));
  return ok(sensitive ? result.mark_sensitive() : result);
}

FunctionResult keys(Args args, const FunctionContext&) {
  const Value& m = args[0];
  if (!m.known()) return ok(keep_sensitive(Value::unknown(ValueKind::List), m));
  if (!m.is_mapping()) return fail(0, kind_required("a map or object", m));
  ValueList out;
  for (const auto& [k, v] : m.attributes()) out.push_back(Value::string(k));
  return ok(keep_sensitive(Value::list(std::move(out)), m));
}

FunctionResult values(Args args, const FunctionContext&) {
  const Value& m = args[0];
  if (!m.known()) return ok(keep_sensitive(Value::unknown(), m));
  if (!m.is_mapping()) return fail(0, kind_required("a map or object", m));
  ValueList out;
  for (const auto& [k, v] : m.attributes()) out.push_back(v);
  Value result =
      m.kind() == ValueKind::Map ? Value::list(std::move(out)) : Value::tuple(std::move(out));
  return ok(keep_sensitive(result, m));
}

FunctionResult contains(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(Value::unknown(ValueKind::Bool));
  if (!l.is_sequence()) return fail(0, kind_required("a list or set", l));
  bool maybe = false;
  for (const Value& e : l.elements()) {
    std::optional<bool> eq = values_equal(e, args[1]);
    if (eq && *eq) return ok(Value::boolean(true));
    if (!eq) maybe = true;
  }
  return ok(maybe ? Value::unknown(ValueKind::Bool) : Value::boolean(false));
}

FunctionResult index_of(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(Value::unknown(ValueKind::Number));
  if (l.kind() != ValueKind::List && l.kind() != ValueKind::Tuple)
    return fail(0, kind_required("a list or tuple", l));
  for (size_t i = 0; i < l.size(); ++i) {
    std::optional<bool> eq = values_equal(l.elements()[i], args[1]);
    if (!eq) return ok(Value::unknown(ValueKind::Number));
    if (*eq) return ok(Value::number(static_cast<double>(i)));
  }
  return fail(1, "item not found");
}

FunctionResult coalescelist(Args args, const FunctionContext&) {
  for (size_t i = 0; i < args.size(); ++i) {
    const Value& l = args[i];
    if (!l.known()) return ok(Value::unknown());
    if (l.is_null()) continue;
    if (!l.is_sequence()) return fail(static_cast<int>(i), kind_required("a list", l));
    if (l.size() > 0) return ok(l);
  }
  return fail(-1, "no non-null arguments");
}

// An index argument: a whole number, non-negative.
bool index_arg(const Value& v, long long* out) {
  return whole_number(v.as_number(), out) && *out >= 0;
}

FunctionResult element(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(keep_sensitive(Value::unknown(), l));
  if (l.kind() != ValueKind::List && l.kind() != ValueKind::Tuple)
    return fail(0, kind_required("a list or tuple", l));
  long long i = 0;
  if (!index_arg(args[1], &i)) return fail(1, "a non-negative whole number is required");
  if (l.size() == 0) return fail(0, "cannot use element() with an empty list");
  return ok(keep_sensitive(l.elements()[static_cast<size_t>(i) % l.size()], l));
}

FunctionResult chunklist(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(keep_sensitive(Value::unknown(), l));
  if (!l.is_sequence()) return fail(0, kind_required("a list", l));
  long long size = 0;
  if (!index_arg(args[1], &size)) return fail(1, "the size argument must be positive");
  ValueList chunks;
  const ValueList& items = l.elements();
  size_t step = size == 0 ? std::max<size_t>(items.size(), 1) : static_cast<size_t>(size);
  for (size_t i = 0; i < items.size(); i += step) {
    size_t end = std::min(items.size(), i + step);
    chunks.push_back(same_sequence(l, ValueList(items.begin() + static_cast<ptrdiff_t>(i),
                                                items.begin() + static_cast<ptrdiff_t>(end))));
  }
  return ok(keep_sensitive(list_or_tuple(std::move(chunks)), l));
}

FunctionResult slice(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(keep_sensitive(Value::unknown(), l));
  if (!l.is_sequence()) return fail(0, kind_required("a list", l));
  long long start = 0, end = 0;
  if (!index_arg(args[1], &start)) return fail(1, "a non-negative whole number is required");
  if (!index_arg(args[2], &end)) return fail(2, "a non-negative whole number is required");
  if (static_cast<size_t>(end) > l.size())
    return fail(2, "end index must not be greater than the length of the list");
  if (start > end) return fail(1, "start index must not be greater than end index");
  ValueList out(l.elements().begin() + start, l.elements().begin() + end);
  return ok(keep_sensitive(same_sequence(l, std::move(out)), l));
}

FunctionResult reverse(Args args, const FunctionContext&) {
  const Value& l = args[0];
  if (!l.known()) return ok(keep_sensitive(Value::unknown(), l));
  if (!l.is_sequence()) return fail(0, kind_required("a list", l));
  ValueList out(l.elements().rbegin(), l.elements().rend());
  return ok(keep_sensitive(same_sequence(l, std::move(out)), l));
}

FunctionResult zipmap(Args args, const FunctionContext&) {
  const Value& k = args[0];
  const Value& v = args[1];
  if (!k.wholly_known() || !v.known()) return ok(Value::unknown());
  if (!v.is_sequence()) return fail(1, kind_required("a list", v));
  if (k.size() != v.size()) {
    return fail(-1, "the keys have " + std::to_string(k.size()) + " elements but the values have " +
                        std::to_string(v.size()));
  }
  ValueMap out;
  bool sensitive_key = false;
  for (size_t i = 0; i < k.size(); ++i) {
    const Value& key = k.elements()[i];
    if (key.is_null()) return fail(0, "element " + std::to_string(i) + " is null");
    sensitive_key = sensitive_key || key.sensitive();
    out.insert_or_assign(key.as_string(), v.elements()[i]);
  }
  Value result =
      v.kind() == ValueKind::List ? Value::map(std::move(out)) : Value::object(std::move(out));
  result = keep_sensitive(keep_sensitive(result, v), k);
  return ok(sensitive_key ? result.mark_sensitive() : result);
}

FunctionResult range(Args args, const FunctionContext&) {
  double start = 0, limit = 0, step = 1;
  if (args.size() == 1) {
    limit = args[0].as_number();
  } else {
    start = args[0].as_number();
    limit = args[1].as_number();
  }
  step = start <= limit ? 1 : -1;
  if (args.size() == 3) {
    step = args[2].as_number();
    if (step == 0) return fail(2, "step must not be zero");
    if (start < limit && step < 0)
      return fail(2, "step must be positive when limit is above start");
    if (start > limit && step > 0)
      return fail(2, "step must be negative when limit is below start");
  }
  ValueList out;
  for (double x = start; step > 0 ? x < limit : x > limit; x += step) {
    if (out.size() >= 1024) return fail(-1, "more than 1024 values were generated");
    out.push_back(Value::number(x));
  }
  return ok(Value::list(std::move(out)));
}

}  // namespace

void add_collection_functions(std::vector<Function>* out) {
  const unsigned kHandles = kUnknown | kMarked;
  out->push_back(make_function("length", "The number of elements, attributes or characters.",
                               {param("value", Type::any(), kHandles)}, length, ValueKind::Number));
  Function l =
      make_function("lookup", "The element of a map at a key, or a default.",
                    {param("inputMap", Type::any(), kHandles), param("key", Type::string())},
                    lookup, ValueKind::Dynamic);
  l.variadic = param("default", Type::any(), kNull | kHandles);
  l.max_args = 3;
  out->push_back(std::move(l));
  Function m = make_function("merge", "Combines maps or objects; later keys win.", {}, merge,
                             ValueKind::Dynamic);
  m.variadic = param("maps", Type::any(), kNull | kHandles);
  out->push_back(std::move(m));
  Function c = make_function("concat", "Joins lists into one.", {}, concat, ValueKind::Dynamic);
  c.variadic = param("seqs", Type::any(), kHandles);
  c.min_args = 1;
  out->push_back(std::move(c));
  out->push_back(make_function("keys", "The keys of a map or object, sorted.",
                               {param("inputMap", Type::any(), kHandles)}, keys, ValueKind::List));
  out->push_back(make_function("values", "The values of a map or object, in key order.",
                               {param("mapping", Type::any(), kHandles)}, values,
                               ValueKind::Dynamic));
  out->push_back(make_function(
      "contains", "Whether a list or set contains a value.",
      {param("list", Type::any(), kUnknown), param("value", Type::any(), kNull | kUnknown)},
      contains, ValueKind::Bool));
  out->push_back(
      make_function("element", "The element at an index, wrapping around.",
                    {param("list", Type::any(), kHandles), param("index", Type::number())}, element,
                    ValueKind::Dynamic));
  out->push_back(make_function(
      "index", "The index of the first element equal to a value.",
      {param("list", Type::any(), kUnknown), param("value", Type::any(), kNull | kUnknown)},
      index_of, ValueKind::Number));
  Function cl = make_function("coalescelist", "The first list that is not empty.", {}, coalescelist,
                              ValueKind::Dynamic);
  cl.variadic = param("lists", Type::any(), kNull | kUnknown);
  cl.min_args = 1;
  out->push_back(std::move(cl));
  out->push_back(
      make_function("chunklist", "Splits a list into lists of at most a size.",
                    {param("list", Type::any(), kHandles), param("size", Type::number())},
                    chunklist, ValueKind::Dynamic));
  out->push_back(
      make_function("slice", "The elements from start (inclusive) to end (exclusive).",
                    {param("list", Type::any(), kHandles), param("start_index", Type::number()),
                     param("end_index", Type::number())},
                    slice, ValueKind::Dynamic));
  out->push_back(make_function("reverse", "The elements in reverse order.",
                               {param("list", Type::any(), kHandles)}, reverse,
                               ValueKind::Dynamic));
  out->push_back(make_function("zipmap", "A map from a list of keys and a list of values.",
                               {param("keys", Type::list(Type::string()), kUnknown | kMarked),
                                param("values", Type::any(), kHandles)},
                               zipmap, ValueKind::Dynamic));
  Function r =
      make_function("range", "A list of numbers: range(limit), range(start, limit[, step]).", {},
                    range, ValueKind::List);
  r.variadic = param("params", Type::number());
  r.min_args = 1;
  r.max_args = 3;
  out->push_back(std::move(r));
}

}  // namespace fedplan::fn
