// Value <-> JSON, the unknown and sensitive masks, and paths into values.
// Masks mirror the value's structure only where something is marked, so they stay small.
#include "lang/value_json.h"

#include "lang/lexer.h"
#include "lang/value_number.h"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace fedplan {
namespace {

const nlohmann::json& child_mask(const nlohmann::json& mask, size_t index) {
  static const nlohmann::json kFalse = false;
  if (mask.is_array() && index < mask.size()) return mask[index];
  return kFalse;
}

const nlohmann::json& child_mask(const nlohmann::json& mask, const std::string& key) {
  static const nlohmann::json kFalse = false;
  if (mask.is_object()) {
    auto it = mask.find(key);
    if (it != mask.end()) return *it;
  }
  return kFalse;
}

// Builds a mask: `true` where `marked(v)`, structure where something inside is marked.
template <class Marked, class Inside>
nlohmann::json make_mask(const Value& v, Marked marked, Inside inside) {
  if (marked(v)) return true;
  if (!inside(v) || !v.known()) return false;
  if (v.is_sequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const Value& e : v.elements()) out.push_back(make_mask(e, marked, inside));
    return out;
  }
  if (v.is_mapping()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, e] : v.attributes()) {
      nlohmann::json m = make_mask(e, marked, inside);
      if (!(m.is_boolean() && !m.get<bool>())) out[k] = std::move(m);
    }
    return out;
  }
  return false;
}

void collect_sensitive(const Value& v, ValuePath& path, std::vector<ValuePath>* out) {
  if (v.sensitive()) {
    out->push_back(path);
    return;
  }
  if (!v.known()) return;
  if (v.is_sequence()) {
    for (size_t i = 0; i < v.elements().size(); ++i) {
      path.push_back(PathStep::at(i));
      collect_sensitive(v.elements()[i], path, out);
      path.pop_back();
    }
  } else if (v.is_mapping()) {
    for (const auto& [k, e] : v.attributes()) {
      path.push_back(PathStep::attr(k));
      collect_sensitive(e, path, out);
      path.pop_back();
    }
  }
}

// Rebuilds `v` with the element at `path[depth..]` marked sensitive.
Value mark_at(const Value& v, const ValuePath& path, size_t depth) {
  if (depth == path.size()) return v.mark_sensitive();
  if (!v.known()) return v;
  const PathStep& step = path[depth];
  if (v.is_sequence() && step.is_index && step.index < v.elements().size()) {
    ValueList items = v.elements();
    items[step.index] = mark_at(items[step.index], path, depth + 1);
    Value out = v.kind() == ValueKind::Set    ? Value::set(std::move(items))
                : v.kind() == ValueKind::List ? Value::list(std::move(items))
                                              : Value::tuple(std::move(items));
    return out.with_marks(v.marks());
  }
  if (v.is_mapping() && !step.is_index && v.get(step.key)) {
    ValueMap items = v.attributes();
    items[step.key] = mark_at(items[step.key], path, depth + 1);
    Value out =
        v.kind() == ValueKind::Map ? Value::map(std::move(items)) : Value::object(std::move(items));
    return out.with_marks(v.marks());
  }
  return v;
}

}  // namespace

std::string path_to_string(const ValuePath& path) {
  std::string out;
  for (const PathStep& s : path) {
    if (s.is_index) {
      out += "[" + std::to_string(s.index) + "]";
    } else if (is_identifier(s.key)) {
      out += "." + s.key;
    } else {
      out += "[" + nlohmann::json(s.key).dump() + "]";
    }
  }
  return out;
}

nlohmann::json path_to_json(const ValuePath& path) {
  nlohmann::json out = nlohmann::json::array();
  for (const PathStep& s : path) {
    if (s.is_index) {
      out.push_back(s.index);
    } else {
      out.push_back(s.key);
    }
  }
  return out;
}

ValuePath path_from_json(const nlohmann::json& j) {
  ValuePath out;
  if (!j.is_array()) return out;
  for (const nlohmann::json& s : j) {
    if (s.is_string()) out.push_back(PathStep::attr(s.get<std::string>()));
    if (s.is_number_unsigned() || s.is_number_integer())
      out.push_back(PathStep::at(s.get<size_t>()));
  }
  return out;
}

nlohmann::json to_json(const Value& v) {
  if (!v.known()) return nullptr;
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      return nullptr;
    case ValueKind::Bool:
      return v.as_bool();
    case ValueKind::Number: {
      if (const BigNumber* big = v.as_big_number()) {
        // Whole numbers exactly while 64 bits hold them; beyond, the nearest double (exact
        // text needs to_json_text()).
        if (std::optional<BigInt> i = big_integer(big->value)) {
          if (*i >= std::numeric_limits<int64_t>::min() &&
              *i <= std::numeric_limits<int64_t>::max())
            return i->convert_to<int64_t>();
          if (*i >= 0 && *i <= std::numeric_limits<uint64_t>::max())
            return i->convert_to<uint64_t>();
        }
        return v.as_number();
      }
      double n = v.as_number();
      if (std::isfinite(n)) return static_cast<int64_t>(n);  // double storage: whole, below 2^53
      return n;
    }
    case ValueKind::String:
      return v.as_string();
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set: {
      nlohmann::json out = nlohmann::json::array();
      for (const Value& e : v.elements()) out.push_back(to_json(e));
      return out;
    }
    case ValueKind::Map:
    case ValueKind::Object: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [k, e] : v.attributes()) out[k] = to_json(e);
      return out;
    }
  }
  return nullptr;
}

bool json_deeper_than(const nlohmann::json& j, size_t limit) {
  std::vector<std::pair<const nlohmann::json*, size_t>> todo{{&j, 0}};
  while (!todo.empty()) {
    auto [cur, depth] = todo.back();
    todo.pop_back();
    if (!cur->is_structured()) continue;
    if (depth + 1 > limit) return true;
    for (const nlohmann::json& child : *cur) todo.emplace_back(&child, depth + 1);
  }
  return false;
}

Value from_json(const nlohmann::json& j) {
  return from_json_with_marks(j, false, false);
}

nlohmann::json unknown_mask(const Value& v) {
  return make_mask(
      v, [](const Value& x) { return !x.known(); },
      [](const Value& x) { return !x.wholly_known(); });
}

nlohmann::json sensitive_mask(const Value& v) {
  return make_mask(
      v, [](const Value& x) { return x.sensitive(); },
      [](const Value& x) { return x.contains_sensitive(); });
}

std::vector<ValuePath> sensitive_paths(const Value& v) {
  std::vector<ValuePath> out;
  ValuePath path;
  collect_sensitive(v, path, &out);
  return out;
}

Value from_json_with_marks(const nlohmann::json& j, const nlohmann::json& umask,
                           const nlohmann::json& smask) {
  bool sensitive = smask.is_boolean() && smask.get<bool>();
  Value out;
  if (umask.is_boolean() && umask.get<bool>()) {
    out = Value::unknown();
  } else if (j.is_boolean()) {
    out = Value::boolean(j.get<bool>());
  } else if (j.is_number_integer() && !j.is_number_unsigned()) {
    int64_t n = j.get<int64_t>();
    out = n > -(int64_t{1} << 53) && n < (int64_t{1} << 53) ? Value::number(static_cast<double>(n))
                                                            : number_value(BigFloat(n));
  } else if (j.is_number_unsigned()) {
    uint64_t n = j.get<uint64_t>();
    out =
        n < (uint64_t{1} << 53) ? Value::number(static_cast<double>(n)) : number_value(BigFloat(n));
  } else if (j.is_number()) {
    // A float from JSON text stands for its decimal: 0.1 reads back as the decimal 0.1.
    out = Value::number(j.get<double>());
  } else if (j.is_string()) {
    out = Value::string(j.get<std::string>());
  } else if (j.is_array()) {
    ValueList items;
    items.reserve(j.size());
    for (size_t i = 0; i < j.size(); ++i)
      items.push_back(from_json_with_marks(j[i], child_mask(umask, i), child_mask(smask, i)));
    out = Value::tuple(std::move(items));
  } else if (j.is_object()) {
    ValueMap items;
    for (auto it = j.begin(); it != j.end(); ++it) {
      items.emplace(it.key(), from_json_with_marks(it.value(), child_mask(umask, it.key()),
                                                   child_mask(smask, it.key())));
    }
    out = Value::object(std::move(items));
  }
  return sensitive ? out.mark_sensitive() : out;
}

Value mark_paths_sensitive(const Value& v, const std::vector<ValuePath>& paths) {
  Value out = v;
  for (const ValuePath& p : paths) out = mark_at(out, p, 0);
  return out;
}

}  // namespace fedplan
