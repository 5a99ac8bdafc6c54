// ConfigEvaluator: turning a resource's or provider's arguments and nested blocks into one object,
// checked against the provider's schema (unknown names, missing required ones, types).
#include "base/suggest.h"
#include "engine/config/evaluator.h"

namespace fedplan {

namespace {

std::vector<std::string> argument_names(const ResourceSchema& schema) {
  std::vector<std::string> out;
  for (const AttributeSchema& a : schema.attributes) out.push_back(a.name);
  return out;
}

std::vector<std::string> block_names(const ResourceSchema& schema) {
  std::vector<std::string> out;
  for (const BlockSchema& b : schema.blocks) out.push_back(b.name);
  return out;
}

// Converts `v` to the attribute's type, reporting at the expression.
Value typed(const Value& v, const AttributeSchema& a, const Span& span, Diagnostics& diags) {
  ConvertResult r = convert(v, a.type);
  if (!r.error.empty()) {
    diags.error("Invalid value for \"" + a.name + "\"",
                "A " + a.type.to_string() + " is required: " + r.error + ".", span);
    return Value::unknown();
  }
  return a.sensitive ? r.value.mark_sensitive() : r.value;
}

}  // namespace

Value ConfigEvaluator::evaluate_body(const ModuleInstance& mi,
                                     const std::vector<const Attribute*>& attributes,
                                     const std::vector<const Block*>& blocks,
                                     const Binding& binding, const ResourceSchema* schema,
                                     const Span& where, Diagnostics& diags) {
  ValueMap out;
  for (const Attribute* a : attributes) {
    Value v = evaluate(mi, *a->expr, binding, diags);
    if (!schema) {
      out[a->name] = v;
      continue;
    }
    const AttributeSchema* as = schema->attribute(a->name);
    if (!as || as->read_only) {
      std::string detail = "An argument named \"" + a->name + "\" is not expected in " +
                           schema->type + (as ? " (it is set by the provider)." : ".");
      if (auto s = suggest(a->name, argument_names(*schema)))
        detail += " Did you mean \"" + *s + "\"?";
      diags.error("Unsupported argument", detail, a->name_span);
      continue;
    }
    out[a->name] = typed(v, *as, a->expr->span, diags);
  }
  std::map<std::string, ValueList> repeated;
  for (const Block* b : blocks) {
    const BlockSchema* bs = schema ? schema->block(b->type) : nullptr;
    if (schema && !bs) {
      std::string detail =
          "Blocks of type \"" + b->type + "\" are not expected in " + schema->type + ".";
      if (auto s = suggest(b->type, block_names(*schema)))
        detail += " Did you mean \"" + *s + "\"?";
      diags.error("Unsupported block type", detail, b->type_span);
      continue;
    }
    if (!b->labels.empty()) {
      diags.error("Unexpected block labels", "A \"" + b->type + "\" block takes no labels.",
                  b->labels[0].span);
    }
    std::vector<const Attribute*> inner_attrs;
    for (const Attribute& a : b->body.attributes) inner_attrs.push_back(&a);
    std::vector<const Block*> inner_blocks;
    for (const Block& nb : b->body.blocks) inner_blocks.push_back(&nb);
    ResourceSchema inner;
    if (bs) {
      inner.type = schema->type + " " + b->type + " block";
      inner.attributes = bs->attributes;
    }
    repeated[b->type].push_back(evaluate_body(mi, inner_attrs, inner_blocks, binding,
                                              bs ? &inner : nullptr, b->type_span, diags));
    if (bs && bs->max_items > 0 && repeated[b->type].size() > static_cast<size_t>(bs->max_items)) {
      diags.error("Too many \"" + b->type + "\" blocks",
                  "At most " + std::to_string(bs->max_items) + " allowed here.", b->type_span);
    }
  }
  for (auto& [name, items] : repeated) {
    const BlockSchema* bs = schema ? schema->block(name) : nullptr;
    bool single = bs ? bs->max_items == 1 : items.size() == 1;
    out[name] = single ? items.front() : Value::tuple(std::move(items));
  }
  if (schema) {
    for (const AttributeSchema& a : schema->attributes) {
      if (out.count(a.name)) continue;
      if (a.required) {
        diags.error("Missing required argument",
                    "The argument \"" + a.name + "\" is required in " + schema->type + ".", where);
      }
      out[a.name] = Value();
    }
    for (const BlockSchema& b : schema->blocks) {
      if (!out.count(b.name)) out[b.name] = b.max_items == 1 ? Value() : Value::tuple({});
    }
  }
  return Value::object(std::move(out));
}

Value ConfigEvaluator::resource_config(const ResourceInstance& ri, const ResourceSchema* schema,
                                       Diagnostics& diags) {
  return evaluate_body(*ri.module, ri.resource->attributes, ri.resource->blocks, ri.binding, schema,
                       ri.resource->span, diags);
}

Value ConfigEvaluator::provider_config(const ProviderInstance& pi, const ResourceSchema* schema,
                                       Diagnostics& diags) {
  std::vector<const Attribute*> attrs;
  std::vector<const Block*> blocks;
  Span where;
  if (pi.config) {
    for (const Attribute& a : pi.config->body->attributes)
      if (!(pi.config->for_each && a.expr == pi.config->for_each)) attrs.push_back(&a);
    for (const Block& b : pi.config->body->blocks) blocks.push_back(&b);
    where = pi.config->span;
  }
  return evaluate_body(*pi.module, attrs, blocks, pi.binding, schema, where, diags);
}

}  // namespace fedplan
