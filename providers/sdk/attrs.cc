// The attribute reader (see attrs.h), on top of the language's convert() so that a provider
// reads a value exactly as the language would convert it.
#include "providers/sdk/attrs.h"

#include "providers/sdk/checks.h"

namespace fedplan::sdk {

Attrs::Attrs(const Value& obj, Diagnostics* diags) : diags_(diags) {
  if (!obj.known())
    object_unknown_ = true;
  else if (obj.is_mapping())
    attributes_ = &obj.attributes();
}

Attrs::Attrs(const ValueMap& attributes, Diagnostics* diags)
    : attributes_(&attributes), diags_(diags) {}

const Value* Attrs::find(std::string_view name) const {
  if (!attributes_) return nullptr;
  auto it = attributes_->find(name);
  if (it == attributes_->end() || it->second.is_null()) return nullptr;
  return &it->second;
}

Value Attrs::get(std::string_view name) const {
  const Value* v = find(name);
  return v ? *v : Value();
}

bool Attrs::has(std::string_view name) const {
  return find(name) != nullptr;
}

bool Attrs::unknown(std::string_view name) const {
  if (object_unknown_) return true;
  const Value* v = find(name);
  return v && !v->wholly_known();
}

void Attrs::type_error(std::string_view name, const std::string& why) const {
  if (diags_) invalid_value(*diags_, name, "Attribute \"" + std::string(name) + "\": " + why + ".");
}

std::optional<Value> Attrs::converted(std::string_view name, const Type& type) const {
  const Value* v = find(name);
  if (!v || !v->wholly_known()) return std::nullopt;
  ConvertResult c = convert(v->unmarked_deep(), type);
  if (!c.ok()) {
    type_error(name, c.error);
    return std::nullopt;
  }
  return c.value;
}

std::optional<std::string> Attrs::str(std::string_view name) const {
  std::optional<Value> v = converted(name, Type::string());
  if (!v) return std::nullopt;
  return v->as_string();
}

std::optional<bool> Attrs::boolean(std::string_view name) const {
  std::optional<Value> v = converted(name, Type::boolean());
  if (!v) return std::nullopt;
  return v->as_bool();
}

std::optional<double> Attrs::number(std::string_view name) const {
  std::optional<Value> v = converted(name, Type::number());
  if (!v) return std::nullopt;
  return v->as_number();
}

std::optional<std::vector<std::string>> Attrs::strings(std::string_view name) const {
  std::optional<Value> v = converted(name, Type::list(Type::string()));
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  for (const Value& e : v->elements()) {
    if (e.is_null()) {
      type_error(name, "elements must not be null");
      return std::nullopt;
    }
    out.push_back(e.as_string());
  }
  return out;
}

Value attr(const Value& obj, std::string_view name) {
  return Attrs(obj).get(name);
}

Value with_attrs(const Value& obj, const ValueMap& changes) {
  ValueMap m;
  if (obj.known() && obj.is_mapping()) m = obj.attributes();
  for (const auto& [k, v] : changes) m[k] = v;
  return Value::object(std::move(m));
}

}  // namespace fedplan::sdk
