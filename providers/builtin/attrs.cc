// Config checks and state-safe equality for the built-in providers (see attrs.h).
#include "providers/builtin/attrs.h"

namespace fedplan::builtin {
namespace {

// Sequences become tuples and mappings objects, recursively, so kinds that JSON cannot tell
// apart compare equal; marks are dropped.
Value structural(const Value& v) {
  if (!v.known() || !v.is_collection()) return v.unmarked();
  if (v.is_sequence()) {
    ValueList items;
    for (const Value& e : v.elements()) items.push_back(structural(e));
    return Value::tuple(std::move(items));
  }
  ValueMap items;
  for (const auto& [k, e] : v.attributes()) items[k] = structural(e);
  return Value::object(std::move(items));
}

}  // namespace

Value attr(const Value& obj, std::string_view name) {
  if (!obj.known() || !obj.is_mapping()) return Value();
  const Value* v = obj.get(name);
  return v ? *v : Value();
}

void invalid_value(Diagnostics& d, std::string_view name, const std::string& detail) {
  d.error("Invalid value for \"" + std::string(name) + "\"", detail);
}

Value check_config(const ResourceSchema& schema, const Value& config, Diagnostics& d) {
  if (!config.known()) return config;
  if (!config.is_mapping()) {
    d.error("Invalid " + schema.type + " configuration",
            "An object of arguments is required, got " + config.type_name() + ".");
    return config;
  }
  ValueMap out;
  for (const auto& [name, v] : config.attributes()) {
    const AttributeSchema* a = schema.attribute(name);
    if (!a) {
      d.error("Unsupported argument",
              "An argument named \"" + name + "\" is not expected in " + schema.type + ".");
      continue;
    }
    if (v.is_null()) {
      out[name] = v;
      continue;
    }
    if (a->read_only) {
      d.error("Unsupported argument", "\"" + name + "\" is set by the provider; " + schema.type +
                                          " does not accept it in configuration.");
      continue;
    }
    ConvertResult c = convert(v, a->type);
    if (!c.ok()) {
      invalid_value(d, name, "A " + a->type.to_string() + " is required: " + c.error + ".");
      out[name] = v;
      continue;
    }
    out[name] = a->sensitive ? c.value.mark_sensitive() : c.value;
  }
  for (const AttributeSchema& a : schema.attributes) {
    if (!a.required) continue;
    const Value* v = config.get(a.name);
    if (!v || v->is_null())
      d.error("Missing required argument",
              "The argument \"" + a.name + "\" is required in " + schema.type + ".");
  }
  return Value::object(std::move(out));
}

Diagnostics unknown_type(const std::string& provider, const std::string& type) {
  Diagnostics d;
  d.error("Unknown type \"" + type + "\"",
          "The " + provider + " provider does not serve \"" + type + "\".");
  return d;
}

bool same_value(const Value& a, const Value& b) {
  if (!a.wholly_known() || !b.wholly_known()) return false;
  return structural(a).equal_content(structural(b));
}

std::optional<std::string> known_string(const Value& v) {
  if (!v.known() || v.kind() != ValueKind::String) return std::nullopt;
  return v.as_string();
}

}  // namespace fedplan::builtin
