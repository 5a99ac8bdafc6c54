// Typed attribute reading for the firewalld provider, on top of the language's convert().
#include "providers/firewalld/attrs.h"

#include "base/quote.h"
#include "lang/types.h"
#include "providers/firewalld/firewalld_values.h"

namespace fedplan::firewalld {

const Value* Attrs::raw(std::string_view name) const {
  if (!obj.known() || !obj.is_mapping()) return nullptr;
  const Value* v = obj.get(name);
  if (!v || v->is_null()) return nullptr;
  return v;
}

bool Attrs::unknown(std::string_view name) const {
  if (!obj.known()) return true;
  const Value* v = obj.is_mapping() ? obj.get(name) : nullptr;
  return v && !v->wholly_known();
}

void Attrs::type_error(std::string_view name, const std::string& why) const {
  if (diags)
    diags->error("Invalid value for \"" + std::string(name) + "\"",
                 "Attribute \"" + std::string(name) + "\": " + why + ".");
}

std::optional<std::string> Attrs::str(std::string_view name) const {
  const Value* v = raw(name);
  if (!v || !v->wholly_known()) return std::nullopt;
  ConvertResult c = convert(v->unmarked_deep(), Type::string());
  if (!c.ok()) {
    type_error(name, c.error);
    return std::nullopt;
  }
  return c.value.as_string();
}

std::optional<bool> Attrs::boolean(std::string_view name) const {
  const Value* v = raw(name);
  if (!v || !v->wholly_known()) return std::nullopt;
  ConvertResult c = convert(v->unmarked_deep(), Type::boolean());
  if (!c.ok()) {
    type_error(name, c.error);
    return std::nullopt;
  }
  return c.value.as_bool();
}

std::optional<double> Attrs::number(std::string_view name) const {
  const Value* v = raw(name);
  if (!v || !v->wholly_known()) return std::nullopt;
  ConvertResult c = convert(v->unmarked_deep(), Type::number());
  if (!c.ok()) {
    type_error(name, c.error);
    return std::nullopt;
  }
  return c.value.as_number();
}

std::optional<std::vector<std::string>> Attrs::strings(std::string_view name) const {
  const Value* v = raw(name);
  if (!v || !v->wholly_known()) return std::nullopt;
  ConvertResult c = convert(v->unmarked_deep(), Type::list(Type::string()));
  if (!c.ok()) {
    type_error(name, c.error);
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const Value& e : c.value.elements()) {
    if (e.is_null()) {
      type_error(name, "elements must not be null");
      return std::nullopt;
    }
    out.push_back(e.as_string());
  }
  return out;
}

void invalid_value(Diagnostics& diags, std::string_view attr, std::string_view value,
                   const std::string& why) {
  diags.error("Invalid value for \"" + std::string(attr) + "\"", quote(value) + " " + why + ".");
}

Value string_list(const std::vector<std::string>& items, bool as_set) {
  ValueList vs;
  for (const std::string& s : items) vs.push_back(Value::string(s));
  return as_set ? Value::set(std::move(vs)) : Value::list(std::move(vs));
}

}  // namespace fedplan::firewalld
