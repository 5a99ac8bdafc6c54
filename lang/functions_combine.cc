// Functions that combine collections element by element: formatlist, setproduct, transpose
// and matchkeys, with Terraform's rules for lengths, element types and result kinds.
#include <map>
#include <optional>

#include "lang/functions_util.h"
#include "lang/ops.h"

namespace fedplan::fn {
namespace {

// formatlist: format() once per position of the sequence arguments; other arguments repeat.
FunctionResult formatlist(Args args, const FunctionContext& ctx) {
  const Function* format = find_function("format");
  long long length = -1;
  size_t chooser = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].is_null() || !args[i].is_sequence()) continue;
    long long n = static_cast<long long>(args[i].size());
    if (length < 0) {
      length = n;
      chooser = i;
    } else if (n != length) {
      return fail(static_cast<int>(i),
                  "argument " + std::to_string(i) + " has length " + std::to_string(n) +
                      ", which is inconsistent with argument " + std::to_string(chooser) +
                      " of length " + std::to_string(length));
    }
  }
  if (length < 0) length = 1;
  ValueList out;
  std::vector<Value> call(args.begin(), args.end());
  for (long long k = 0; k < length; ++k) {
    for (size_t i = 1; i < args.size(); ++i) {
      bool iterated = !args[i].is_null() && args[i].is_sequence();
      call[i] = iterated ? args[i].elements()[static_cast<size_t>(k)] : args[i];
    }
    FunctionResult r = format->impl(call, ctx);
    if (!r.ok()) return fail(-1, "error on format iteration " + std::to_string(k) + ": " + r.error);
    out.push_back(std::move(r.value));
  }
  return ok(Value::list(std::move(out)));
}

// The elements of one setproduct() argument converted to their common type, or an error.
bool product_elements(const Value& v, ValueList* out, bool* is_list, std::string* error) {
  if (v.kind() == ValueKind::Set || v.kind() == ValueKind::List) {
    *is_list = v.kind() == ValueKind::List;
    *out = v.elements();
    return true;
  }
  if (v.kind() != ValueKind::Tuple) {
    *error = "a set or a list is required";
    return false;
  }
  *is_list = true;
  ConvertResult c = convert(v, Type::list(Type::any()));
  if (!c.ok()) {
    *error = "all elements must be of the same type";
    return false;
  }
  *out = c.value.elements();
  return true;
}

FunctionResult setproduct(Args args, const FunctionContext&) {
  if (args.size() < 2) return fail(-1, "at least two arguments are required");
  std::vector<ValueList> sets(args.size());
  bool all_lists = true;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_list = false;
    std::string error;
    if (!product_elements(args[i], &sets[i], &is_list, &error))
      return fail(static_cast<int>(i), error);
    all_lists = all_lists && is_list;
  }
  size_t total = 1;
  for (const ValueList& s : sets) {
    if (s.empty()) total = 0;
    if (total && total > (size_t{1} << 24) / s.size())
      return fail(-1, "the product would have more than 16777216 elements");
    total *= s.size();
  }
  ValueList out;
  out.reserve(total);
  for (size_t n = 0; n < total; ++n) {
    // n in mixed radix, the last argument varying fastest.
    ValueList row(sets.size());
    size_t rest = n;
    for (size_t i = sets.size(); i-- > 0;) {
      row[i] = sets[i][rest % sets[i].size()];
      rest /= sets[i].size();
    }
    out.push_back(Value::tuple(std::move(row)));
  }
  return ok(all_lists ? Value::list(std::move(out)) : Value::set(std::move(out)));
}

FunctionResult transpose(Args args, const FunctionContext&) {
  std::map<std::string, ValueList, std::less<>> by_value;
  for (const auto& [key, list] : args[0].attributes()) {
    for (const Value& v : list.elements()) {
      if (v.is_null()) return fail(0, "cannot use a null value in the values of the given map");
      by_value[v.as_string()].push_back(Value::string(key));
    }
  }
  ValueMap out;
  for (auto& [k, keys] : by_value) out.emplace(k, Value::list(std::move(keys)));
  return ok(Value::map(std::move(out)));
}

FunctionResult matchkeys(Args args, const FunctionContext&) {
  const Value& values = args[0];
  std::optional<Type> common = unify_types(type_of(args[1]), type_of(args[2]));
  if (!common) return fail(-1, "keys and searchset must be of the same type");
  if (values.size() != args[1].size()) return fail(-1, "length of keys and values should be equal");
  ConvertResult keys = convert(args[1], *common);
  ConvertResult search = convert(args[2], *common);
  if (!keys.ok() || !search.ok()) return fail(-1, "keys and searchset must be of the same type");
  ValueList out;
  if (search.value.size() == 0) return ok(Value::list(ValueList{}));
  for (size_t i = 0; i < keys.value.size(); ++i) {
    for (const Value& s : search.value.elements()) {
      std::optional<bool> eq = values_equal(keys.value.elements()[i], s);
      if (!eq) return ok(Value::unknown(ValueKind::List));
      if (*eq) {
        out.push_back(values.elements()[i]);
        break;
      }
    }
  }
  return ok(Value::list(std::move(out)));
}

}  // namespace

void add_combine_functions(std::vector<Function>* out) {
  Function f = make_function("formatlist", "format() over the elements of lists, side by side.",
                             {param("format", Type::string())}, formatlist, ValueKind::List);
  f.variadic = param("args", Type::any(), kNull);
  out->push_back(std::move(f));
  Function p = make_function("setproduct", "Every combination of one element of each argument.", {},
                             setproduct, ValueKind::Dynamic);
  p.variadic = param("sets", Type::any());
  out->push_back(std::move(p));
  out->push_back(make_function("transpose", "Swaps the keys and values of a map of lists.",
                               {param("values", Type::map(Type::list(Type::string())))}, transpose,
                               ValueKind::Map));
  out->push_back(make_function(
      "matchkeys", "The elements of a list whose key at the same index is in a search set.",
      {param("values", Type::list(Type::any())), param("keys", Type::list(Type::any())),
       param("searchset", Type::list(Type::any()))},
      matchkeys, ValueKind::List));
}

}  // namespace fedplan::fn
