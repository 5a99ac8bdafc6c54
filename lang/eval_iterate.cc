// The evaluator's iterating expressions: `for` (lists, objects, grouping) and splats, with the
// per-evaluation budget on visited elements.
#include <map>

#include "lang/expr_evaluator.h"
#include "lang/ops.h"

namespace fedplan {

bool ExprEvaluator::iterate(const Value& coll, const Span& where,
                            const std::function<void(const Value&, const Value&)>& f) {
  if (coll.is_null()) {
    diags_.error("Iteration over null value",
                 "A null value cannot be used as the collection of a 'for'.", where);
    return false;
  }
  bool sens = coll.sensitive();
  auto mark = [&](const Value& v) { return sens ? v.mark_sensitive() : v; };
  switch (coll.kind()) {
    case ValueKind::List:
    case ValueKind::Tuple: {
      const ValueList& items = coll.elements();
      for (size_t i = 0; i < items.size(); ++i) {
        if (!count_iteration(where)) return false;
        f(mark(Value::number(static_cast<double>(i))), mark(items[i]));
      }
      return true;
    }
    case ValueKind::Set:
      for (const Value& v : coll.elements()) {
        if (!count_iteration(where)) return false;
        f(mark(v), mark(v));
      }
      return true;
    case ValueKind::Map:
    case ValueKind::Object:
      for (const auto& [k, v] : coll.attributes()) {
        if (!count_iteration(where)) return false;
        f(mark(Value::string(k)), mark(v));
      }
      return true;
    default:
      diags_.error("Iteration over non-iterable value",
                   "A " + coll.type_name() +
                       " cannot be iterated; a 'for' needs a list, set, tuple, map or object.",
                   where);
      return false;
  }
}

Value ExprEvaluator::eval_for(const ForExpr& e) {
  Value coll = eval(e.collection);
  ValueKind result_kind = e.object ? ValueKind::Object : ValueKind::Tuple;
  if (!coll.known())
    return Value::unknown(result_kind).with_marks(sensitive_mark(coll.sensitive()));
  ValueList items;
  ValueMap object;
  std::map<std::string, ValueList, std::less<>> groups;
  bool unknown = false, failed = false, sensitive = coll.sensitive();
  bool iterable = iterate(coll, e.collection->span, [&](const Value& k, const Value& v) {
    if (failed) return;
    size_t mark = bindings_.size();
    if (!e.key_var.empty()) bindings_.emplace_back(&e.key_var, k);
    bindings_.emplace_back(&e.value_var, v);
    struct Pop {
      std::vector<std::pair<const std::string*, Value>>& b;
      size_t mark;
      ~Pop() { b.resize(mark); }
    } pop{bindings_, mark};
    if (e.condition) {
      Value c = eval(e.condition);
      if (c.sensitive()) sensitive = true;
      if (!c.known()) {
        unknown = true;
        return;
      }
      if (!read_condition(c, e.condition->span)) {
        failed = true;
        return;
      }
      if (!c.as_bool()) return;
    }
    if (!e.object) {
      items.push_back(eval(e.value_result));
      return;
    }
    Value key = eval(e.key_result);
    if (key.sensitive()) sensitive = true;
    if (!key.known()) {
      unknown = true;
      return;
    }
    std::string ks;
    if (key.kind() == ValueKind::String) {
      ks = key.as_string();
    } else if (key.kind() == ValueKind::Number) {
      ks = format_number(key);
    } else if (key.kind() == ValueKind::Bool) {
      ks = key.as_bool() ? "true" : "false";
    } else {
      diags_.error("Invalid object key",
                   key.is_null() ? std::string("The key of a 'for' element must not be null.")
                                 : "The key of a 'for' element must be a string, got " +
                                       key.type_name() + ".",
                   e.key_result->span);
      failed = true;
      return;
    }
    Value val = eval(e.value_result);
    if (e.grouping) {
      groups[ks].push_back(std::move(val));
      return;
    }
    auto [it, inserted] = object.emplace(ks, std::move(val));
    if (!inserted) {
      diags_.error("Duplicate object key",
                   "Two elements produced the key \"" + ks +
                       "\". If that is expected, add ... after the value expression to group "
                       "the values by key.",
                   e.key_result->span);
      failed = true;
    }
  });
  if (!iterable || failed) return Value::unknown(result_kind);
  uint8_t marks = sensitive_mark(sensitive);
  if (unknown) return Value::unknown(result_kind).with_marks(marks);
  if (!e.object) return Value::tuple(std::move(items)).with_marks(marks);
  if (e.grouping)
    for (auto& [k, vs] : groups) object.emplace(k, Value::tuple(std::move(vs)));
  return Value::object(std::move(object)).with_marks(marks);
}

Value ExprEvaluator::eval_splat(const SplatExpr& e) {
  Value src = eval(e.source);
  if (!src.known())
    return Value::unknown(ValueKind::Tuple).with_marks(sensitive_mark(src.sensitive()));
  if (src.is_null()) return Value::tuple({});
  bool sens = src.sensitive();
  ValueList single;
  const ValueList* items;
  if (src.is_sequence()) {
    items = &src.elements();
  } else {
    // A single value is treated as a list of one.
    single.push_back(src);
    items = &single;
  }
  ValueList out;
  out.reserve(items->size());
  for (const Value& item : *items) {
    if (!count_iteration(e.marker)) return Value::unknown();
    splat_.push_back(sens ? item.mark_sensitive() : item);
    out.push_back(eval(e.each));
    splat_.pop_back();
  }
  Value result = src.kind() == ValueKind::List || src.kind() == ValueKind::Set
                     ? Value::list(std::move(out))
                     : Value::tuple(std::move(out));
  return sens ? result.mark_sensitive() : result;
}

}  // namespace fedplan
