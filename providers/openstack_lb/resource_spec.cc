// Schema building and small helpers for ResourceSpec tables (see resource_spec.h).
// The tables themselves are in the *_resource.cc files.
#include "providers/openstack_lb/resource_spec.h"

#include "providers/sdk/attrs.h"

namespace fedplan::openstack_lb {

const FieldSpec* ResourceSpec::field(const std::string& name) const {
  for (const FieldSpec& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

ResourceSchema schema_of(const ResourceSpec& spec) {
  ResourceSchema s;
  s.type = spec.type;
  s.description = spec.description;
  for (const FieldSpec& f : spec.fields) {
    AttributeSchema a;
    a.name = f.name;
    a.type = f.type;
    a.required = f.mode == FieldMode::Required;
    a.computed = f.mode == FieldMode::OptionalComputed || f.mode == FieldMode::Computed;
    a.read_only = f.mode == FieldMode::Computed;
    a.force_new = f.force_new;
    a.description = f.description;
    s.attributes.push_back(std::move(a));
  }
  return s;
}

FieldSpec required(std::string name, Type type, std::string description, bool force_new) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.mode = FieldMode::Required;
  f.force_new = force_new;
  f.description = std::move(description);
  return f;
}

FieldSpec optional(std::string name, Type type, std::string description, bool force_new,
                   std::optional<Value> default_value) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.mode = FieldMode::Optional;
  f.force_new = force_new;
  f.default_value = std::move(default_value);
  f.description = std::move(description);
  return f;
}

FieldSpec optional_computed(std::string name, Type type, std::string description, bool force_new) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.mode = FieldMode::OptionalComputed;
  f.force_new = force_new;
  f.description = std::move(description);
  return f;
}

FieldSpec computed(std::string name, Type type, std::string description) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.mode = FieldMode::Computed;
  f.in_body = false;
  f.description = std::move(description);
  return f;
}

void add_status_fields(std::vector<FieldSpec>& fields) {
  fields.push_back(computed("id", Type::string(), "Octavia's UUID of the object."));
  FieldSpec ps = computed("provisioning_status", Type::string(),
                          "ACTIVE once Octavia finished the last change; ERROR if it failed.");
  ps.volatile_on_update = true;
  fields.push_back(ps);
}

void add_operating_status(std::vector<FieldSpec>& fields) {
  FieldSpec os = computed("operating_status", Type::string(),
                          "ONLINE, OFFLINE, DEGRADED or ERROR: the health Octavia reports.");
  os.volatile_on_update = true;
  fields.push_back(os);
}

void check_one_of(const std::string& type, const ValueMap& cfg, const std::string& name,
                  const std::vector<std::string>& allowed, Diagnostics& diags) {
  Value v = sdk::Attrs(cfg).get(name);
  if (!v.known() || v.kind() != ValueKind::String) return;
  for (const std::string& a : allowed)
    if (v.as_string() == a) return;
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  diags.error("Invalid " + name,
              type + "." + name + " is \"" + v.as_string() + "\"; Octavia accepts " + list + ".");
}

void check_port(const std::string& type, const ValueMap& cfg, const std::string& name,
                Diagnostics& diags) {
  Value v = sdk::Attrs(cfg).get(name);
  if (!v.known() || v.kind() != ValueKind::Number) return;
  double p = v.as_number();
  if (p < 1 || p > 65535 || p != static_cast<double>(static_cast<long long>(p)))
    diags.error("Invalid " + name,
                type + "." + name + " is " + format_number(p) + "; a port is 1 to 65535.");
}

void check_any_of(const std::string& type, const ValueMap& cfg,
                  const std::vector<std::string>& names, Diagnostics& diags) {
  std::string list;
  for (const std::string& n : names) {
    if (sdk::Attrs(cfg).has(n)) return;
    list += (list.empty() ? "" : " or ") + n;
  }
  diags.error("Missing argument", type + " needs " + list + ".");
}

std::string first_ref_id(const nlohmann::json& obj, const std::string& key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_array() || obj[key].empty()) return "";
  const nlohmann::json& first = obj[key][0];
  if (!first.is_object() || !first.contains("id") || !first["id"].is_string()) return "";
  return first["id"].get<std::string>();
}

}  // namespace fedplan::openstack_lb
