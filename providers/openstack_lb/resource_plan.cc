// The one plan rule of the Octavia resources (see resource_plan.h).
// Shared by the five resource types; their specs say what is immutable.
#include "providers/openstack_lb/resource_plan.h"

#include "providers/sdk/attrs.h"
#include "providers/sdk/replace.h"

namespace fedplan::openstack_lb {

using sdk::attr;
using sdk::same_content;

ValueMap normalize_config(const ResourceSpec& spec, const Value& config, Diagnostics* diags) {
  ValueMap out;
  for (const FieldSpec& f : spec.fields) {
    if (f.mode == FieldMode::Computed) continue;
    Value v = attr(config, f.name);
    if (v.known() && !v.is_null()) {
      ConvertResult c = convert(v, f.type);
      if (c.ok()) {
        v = c.value;
      } else if (diags) {
        diags->error("Invalid value for " + f.name, spec.type + "." + f.name + ": " + c.error);
      }
    }
    out[f.name] = v;
  }
  return out;
}

PlanResult plan_resource(const ResourceSpec& spec, const PlanRequest& request) {
  PlanResult r;
  if (request.config.is_null()) return r;  // delete: planned stays null
  // The checks of validate() again: a plan is never made from a config Octavia would refuse.
  r.diags.append(validate_resource(spec, request.config));
  if (r.diags.has_errors()) return r;
  ValueMap cfg = normalize_config(spec, request.config);
  const bool has_prior = !request.prior.is_null();
  ValueMap planned;
  for (const FieldSpec& f : spec.fields) {
    Value prior = attr(request.prior, f.name);
    Value cv = f.mode == FieldMode::Computed ? Value() : cfg[f.name];
    bool set = !cv.is_null();  // unknown counts as set
    switch (f.mode) {
      case FieldMode::Required:
      case FieldMode::Optional:
        planned[f.name] = set ? cv : f.default_value.value_or(Value());
        break;
      case FieldMode::OptionalComputed:
        planned[f.name] = set ? cv : has_prior ? prior : Value::unknown(f.type.value_kind());
        break;
      case FieldMode::Computed:
        planned[f.name] = has_prior ? prior : Value::unknown(f.type.value_kind());
        break;
    }
  }
  if (!has_prior) {
    r.planned = Value::object(std::move(planned));
    return r;
  }
  r.requires_replace = sdk::replace_paths(schema_of(spec), request.prior, Value::object(planned));
  const Value prior_status = attr(request.prior, "provisioning_status");
  if (prior_status.known() && prior_status.kind() == ValueKind::String &&
      prior_status.as_string() == "ERROR") {
    r.requires_replace.push_back({PathStep::attr("provisioning_status")});
    r.note = "the " + spec.kind +
             " is in provisioning_status ERROR: Octavia accepts only its "
             "deletion, so it is replaced";
  }
  bool changed = false;
  for (const FieldSpec& f : spec.fields)
    if (f.mode != FieldMode::Computed &&
        !same_content(attr(request.prior, f.name), planned[f.name]))
      changed = true;
  if (!changed && r.requires_replace.empty()) {
    r.planned = request.prior;
    return r;
  }
  for (const FieldSpec& f : spec.fields) {
    bool unset = f.mode == FieldMode::Computed ||
                 (f.mode == FieldMode::OptionalComputed && cfg[f.name].is_null());
    if (!r.requires_replace.empty() && unset)
      planned[f.name] = Value::unknown(f.type.value_kind());
    else if (r.requires_replace.empty() && f.volatile_on_update)
      planned[f.name] = Value::unknown(f.type.value_kind());
  }
  r.planned = Value::object(std::move(planned));
  return r;
}

Diagnostics validate_resource(const ResourceSpec& spec, const Value& config) {
  Diagnostics d;
  ValueMap cfg = normalize_config(spec, config, &d);
  for (const FieldSpec& f : spec.fields) {
    if (f.mode == FieldMode::Required && cfg[f.name].is_null())
      d.error("Missing required argument",
              spec.type + " needs \"" + f.name + "\": " + f.description);
    if (f.mode == FieldMode::Computed && sdk::Attrs(config).has(f.name))
      d.error("Read-only attribute set",
              spec.type + "." + f.name + " is set by Octavia and cannot be configured.");
  }
  if (spec.validate) spec.validate(cfg, d);
  return d;
}

}  // namespace fedplan::openstack_lb
