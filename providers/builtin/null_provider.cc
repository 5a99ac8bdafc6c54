// The null provider: null_resource's schema, plan, apply, read and import. It keeps no state
// of its own, so every method is safe to call from many threads at once.
#include "providers/builtin/null_provider.h"

#include "providers/builtin/random_id.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"
#include "providers/sdk/replace.h"

namespace fedplan {
namespace {

using sdk::attr;

const char kResource[] = "null_resource";

ProviderSchema null_schema() {
  ProviderSchema s;
  s.config.type = "null";
  s.config.description = "The null provider takes no arguments.";
  ResourceSchema r;
  r.type = kResource;
  r.description =
      "Holds a random id; replaced when `triggers` change; `input` is copied to `output`.";
  r.attributes = {
      {.name = "id",
       .type = Type::string(),
       .computed = true,
       .description = "A random 19-digit decimal number, chosen at create.",
       .read_only = true},
      {.name = "triggers",
       .type = Type::map(Type::string()),
       .force_new = true,
       .description = "Any change of this map replaces the resource (a new id)."},
      {.name = "input",
       .type = Type::any(),
       .description = "Any value; a change is an in-place update that copies it to `output`."},
      {.name = "output",
       .type = Type::any(),
       .computed = true,
       .description = "The value of `input` as of the last apply.",
       .read_only = true},
  };
  s.resources = {r};
  return s;
}

// `state` with null triggers as an empty map: the two mean the same, no trigger at all.
Value with_triggers_or_empty(const Value& state) {
  if (!state.known() || !state.is_mapping() || !attr(state, "triggers").is_null()) return state;
  return sdk::with_attrs(state, {{"triggers", Value::map({})}});
}

// The triggers as a map of strings (a state read back from JSON holds an object).
Value as_triggers(const Value& v) {
  if (v.is_null() || !v.wholly_known()) return v;
  ConvertResult c = convert(v, Type::map(Type::string()));
  return c.ok() ? c.value : v;
}

Value resource_state(Value id, const Value& triggers, const Value& input) {
  return Value::object(
      {{"id", std::move(id)}, {"triggers", triggers}, {"input", input}, {"output", input}});
}

class NullProvider : public Provider {
 public:
  NullProvider() : schema_(null_schema()) {}

  const ProviderSchema& schema() const override { return schema_; }
  // Everything it does is in memory.
  bool calls_wait() const override { return false; }

  Diagnostics configure(const Value& config) override {
    Diagnostics d;
    sdk::check_config(schema_.config, config.is_null() ? Value::object({}) : config, d);
    return d;
  }

  Diagnostics validate(const std::string& type, const Value& config) override {
    if (type != kResource) return sdk::unknown_type(schema_, type);
    Diagnostics d;
    check(config, d);
    return d;
  }

  PlanResult plan_change(const PlanRequest& request) override {
    PlanResult r;
    if (request.type != kResource) {
      r.diags = sdk::unknown_type(schema_, request.type);
      return r;
    }
    if (request.config.is_null()) return r;  // delete: planned stays null
    Value config = check(request.config, r.diags);
    if (r.diags.has_errors()) return r;
    Value triggers = attr(config, "triggers");
    Value input = attr(config, "input");
    if (request.prior.is_null()) {
      r.planned = resource_state(Value::unknown(ValueKind::String), triggers, input);
      return r;
    }
    Value prior_triggers = attr(request.prior, "triggers");
    Value replaced = resource_state(Value::unknown(ValueKind::String), triggers, input);
    r.requires_replace =
        sdk::replace_paths(schema_.resources.front(), with_triggers_or_empty(request.prior),
                           with_triggers_or_empty(replaced));
    if (!r.requires_replace.empty()) {
      r.planned = replaced;
      return r;
    }
    if (sdk::same_content(attr(request.prior, "input"), input)) {
      r.planned = request.prior;
      return r;
    }
    // In place: the id stays; output is input, unknown exactly where input is.
    r.planned = resource_state(attr(request.prior, "id"), as_triggers(prior_triggers), input);
    return r;
  }

  ApplyResult apply(const ApplyRequest& request) override {
    ApplyResult r;
    if (request.type != kResource) {
      r.diags = sdk::unknown_type(schema_, request.type);
      r.state = request.prior;
      return r;
    }
    if (request.planned.is_null()) return r;  // delete: nothing exists outside the state
    const Value& source = request.config.is_null() ? request.planned : request.config;
    Value config = check(source, r.diags);
    if (!r.diags.has_errors() && !config.wholly_known())
      r.diags.error("null_resource: configuration not known at apply",
                    "Every value must be known when applying; this is a bug in the caller.");
    if (r.diags.has_errors()) {
      r.state = request.prior;
      return r;
    }
    std::optional<std::string> id;
    if (!request.prior.is_null()) id = sdk::Attrs(request.prior).str("id");
    if (!id) id = builtin::random_decimal_id();
    if (!id) {
      r.diags.error("null_resource: no random id", "The random number generator failed.");
      r.retryable = true;
      r.state = request.prior;
      return r;
    }
    r.state = resource_state(Value::string(*id), attr(config, "triggers"), attr(config, "input"));
    return r;
  }

  ReadResult read(const std::string& type, const Value& state) override {
    ReadResult r;
    if (type != kResource) {
      r.diags = sdk::unknown_type(schema_, type);
      r.state = state;
      return r;
    }
    if (state.is_null()) return r;
    // Nothing exists outside the state; only give triggers back their map type.
    r.state = resource_state(attr(state, "id"), as_triggers(attr(state, "triggers")),
                             attr(state, "input"));
    return r;
  }

  ReadResult read_data(const std::string& type, const Value& config) override {
    (void)config;
    ReadResult r;
    r.diags = sdk::unknown_type(schema_, "data." + type);
    return r;
  }

  ReadResult import(const std::string& type, const std::string& id) override {
    ReadResult r;
    if (type != kResource) {
      r.diags = sdk::unknown_type(schema_, type);
      return r;
    }
    if (id.empty()) {
      r.diags.error("Invalid null_resource id", "The id to import must not be empty.");
      return r;
    }
    r.state = resource_state(Value::string(id), Value(), Value());
    return r;
  }

 private:
  // The schema checks, plus: no trigger may be null (a null would read as "no trigger").
  Value check(const Value& config, Diagnostics& d) const {
    Value c = sdk::check_config(schema_.resources.front(), config, d);
    Value triggers = attr(c, "triggers");
    if (triggers.known() && triggers.is_mapping()) {
      for (const auto& [k, v] : triggers.attributes())
        if (v.is_null())
          sdk::invalid_value(d, "triggers", "triggers[\"" + k + "\"] is null; use a string value.");
    }
    return c;
  }

  const ProviderSchema schema_;
};

}  // namespace

std::unique_ptr<Provider> make_null_provider() {
  return std::make_unique<NullProvider>();
}

}  // namespace fedplan
