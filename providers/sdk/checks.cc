// Config checks and the common diagnostics of the providers (see checks.h).
#include "providers/sdk/checks.h"

#include "base/quote.h"

namespace fedplan::sdk {
namespace {

// "a", "a and b", "a, b and c"; "none" for an empty list.
std::string listed(const std::vector<ResourceSchema>& types) {
  if (types.empty()) return "none";
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += i + 1 == types.size() ? " and " : ", ";
    out += types[i].type;
  }
  return out;
}

}  // namespace

void invalid_value(Diagnostics& d, std::string_view name, const std::string& detail) {
  d.error("Invalid value for \"" + std::string(name) + "\"", detail);
}

void invalid_value(Diagnostics& d, std::string_view name, std::string_view value,
                   const std::string& why) {
  invalid_value(d, name, quote(value) + " " + why + ".");
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

Diagnostics unknown_type(const ProviderSchema& schema, const std::string& type) {
  Diagnostics d;
  bool data = type.rfind("data.", 0) == 0;
  std::string name = data ? type.substr(5) : type;
  d.error("Unknown type " + type, "The " + schema.config.type + " provider has no " +
                                      (data ? "data source" : "resource type") + " \"" + name +
                                      "\" (it has " +
                                      listed(data ? schema.data_sources : schema.resources) + ").");
  return d;
}

}  // namespace fedplan::sdk
