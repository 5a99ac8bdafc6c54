// Decoding of the refactoring blocks: `moved`, `removed` and `import`, whose addresses are
// written as references (`kube_object.a`, `module.m.kube_object.b["k"]`) and read statically.
#include <algorithm>

#include "base/quote.h"
#include "base/suggest.h"
#include "engine/config/decode.h"
#include "lang/references.h"

namespace fedplan {

namespace {

// The attribute `name` of `b`, or nullptr; reports a second one.
const Attribute* attribute(const Block& b, const std::string& name) {
  for (const Attribute& a : b.body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

// Reports what `b` holds beyond `attrs` and `blocks`.
bool only(const Block& b, const std::vector<std::string>& attrs,
          const std::vector<std::string>& blocks, Diagnostics& diags) {
  bool ok = true;
  for (const Attribute& a : b.body.attributes) {
    if (std::find(attrs.begin(), attrs.end(), a.name) != attrs.end()) continue;
    std::string detail =
        "An argument named " + quote(a.name) + " is not expected in a " + b.type + " block.";
    if (auto s = suggest(a.name, attrs)) detail += " Did you mean " + quote(*s) + "?";
    diags.error("Unsupported argument", detail, a.name_span);
    ok = false;
  }
  for (const Block& inner : b.body.blocks) {
    if (std::find(blocks.begin(), blocks.end(), inner.type) != blocks.end()) continue;
    diags.error(
        "Unsupported block type",
        "Blocks of type " + quote(inner.type) + " are not expected in a " + b.type + " block.",
        inner.type_span);
    ok = false;
  }
  return ok;
}

// The required attribute `name` of `b`, or nullptr with an error.
const Attribute* required(const Block& b, const std::string& name, const std::string& example,
                          Diagnostics& diags) {
  if (const Attribute* a = attribute(b, name)) return a;
  diags.error("Missing required argument",
              "The argument " + quote(name) + " is required in a " + b.type + " block, e.g. " +
                  example + ".",
              b.header_span());
  return nullptr;
}

// `a`'s value as an address: a module, a resource or one instance, written as a reference.
std::optional<TargetAddr> address(const Attribute& a, Diagnostics& diags) {
  std::optional<Traversal> t = as_traversal(*a.expr);
  std::string why;
  std::optional<TargetAddr> out;
  if (t) out = parse_target(t->to_string(), &why);
  if (!out || (out->resource && out->resource->mode == ResourceMode::Data)) {
    diags.error("Invalid address",
                "The value of " + quote(a.name) +
                    " must be the address of a managed resource, one of its instances or a "
                    "module call, written as a reference without quotes, like kube_object.a, "
                    "kube_object.a[\"k\"] or module.m" +
                    (why.empty() ? std::string(".") : ": " + why),
                a.expr->span);
    return std::nullopt;
  }
  return out;
}

void decode_moved(const Block& b, Module& m, Diagnostics& diags) {
  only(b, {"from", "to"}, {}, diags);
  const Attribute* from = required(b, "from", "from = kube_object.old", diags);
  const Attribute* to = required(b, "to", "to = kube_object.new", diags);
  if (!from || !to) return;
  std::optional<TargetAddr> f = address(*from, diags);
  std::optional<TargetAddr> t = address(*to, diags);
  if (!f || !t) return;
  // Terraform's rules: a module moves to a module, a resource to a resource of the same type,
  // an instance to an instance of the same type.
  auto kind = [](const TargetAddr& a) { return !a.resource ? 0 : !a.key ? 1 : 2; };
  if (kind(*f) == 0 && kind(*t) == 0) {
    // module -> module
  } else if (kind(*f) == 0 || kind(*t) == 0) {
    diags.error("Invalid moved block",
                "A module call can move only to another module call, and a resource only to "
                "another resource: " +
                    f->to_string() + " and " + t->to_string() + " are not of one kind.",
                b.header_span());
    return;
  } else if (f->resource->type != t->resource->type) {
    diags.error("Resource type mismatch",
                "This statement declares a move from " + f->to_string() + " to " + t->to_string() +
                    ", which is a resource of a different type.",
                b.header_span());
    return;
  } else if (kind(*f) != kind(*t)) {
    // A resource and an instance: the resource side names its one unkeyed instance, as when
    // count or for_each is added to a resource (a -> a[0]) or taken away (a["k"] -> a).
    TargetAddr& whole = kind(*f) == 1 ? *f : *t;
    whole.key = InstanceKey::none();
  }
  if (f->to_string() == t->to_string()) {
    diags.error("Redundant move statement",
                "This statement declares a move from " + f->to_string() +
                    " to the same address, which is not a move.",
                b.header_span());
    return;
  }
  m.moved.push_back(MovedBlock{*f, *t, b.header_span()});
}

void decode_removed(const Block& b, Module& m, Diagnostics& diags) {
  only(b, {"from"}, {"lifecycle"}, diags);
  const Attribute* from = required(b, "from", "from = kube_object.old", diags);
  if (!from) return;
  std::optional<TargetAddr> f = address(*from, diags);
  if (!f) return;
  if (f->key) {
    diags.error("Invalid removed block",
                "A removed block names a whole resource or module call, without an instance "
                "key: write from = " +
                    TargetAddr{f->module, f->resource, std::nullopt}.to_string() + ".",
                from->expr->span);
    return;
  }
  RemovedBlock r{*f, true, b.header_span()};
  for (const Block& inner : b.body.blocks) {
    for (const Block& nested : inner.body.blocks)
      diags.error("Unsupported block type",
                  "Blocks of type " + quote(nested.type) +
                      " are not expected in the lifecycle block of a removed block.",
                  nested.type_span);
    for (const Attribute& a : inner.body.attributes) {
      if (a.name != "destroy") {
        diags.error("Unsupported argument",
                    "The lifecycle block of a removed block takes only \"destroy\"; " +
                        quote(a.name) + " is not expected here.",
                    a.name_span);
        continue;
      }
      const auto* lit = a.expr->as<LiteralExpr>();
      if (!lit || lit->value.kind() != ValueKind::Bool) {
        diags.error("Invalid value for \"destroy\"", "A literal true or false is required here.",
                    a.expr->span);
        continue;
      }
      r.destroy = lit->value.as_bool();
    }
  }
  m.removed.push_back(std::move(r));
}

// `to` of an import block with for_each: a resource indexed by an expression
// (`kube_object.a[each.key]`) gives the resource and the key's expression; else as address().
std::optional<TargetAddr> import_address(const Attribute& a, bool for_each, ExprPtr* key,
                                         Diagnostics& diags) {
  if (const auto* ix = for_each ? a.expr->as<IndexExpr>() : nullptr) {
    std::optional<Traversal> t = as_traversal(*ix->collection);
    std::string why;
    std::optional<TargetAddr> out;
    if (t) out = parse_target(t->to_string(), &why);
    if (out && out->resource && !out->key && out->resource->mode == ResourceMode::Managed) {
      *key = ix->key;
      return out;
    }
  }
  return address(a, diags);
}

void decode_import(const Block& b, Module& m, Diagnostics& diags) {
  only(b, {"to", "id", "provider", "for_each"}, {}, diags);
  const Attribute* to = required(b, "to", "to = kube_object.a", diags);
  const Attribute* id = required(b, "id", "id = \"v1/ConfigMap/ns/name\"", diags);
  if (!to || !id) return;
  const Attribute* for_each = attribute(b, "for_each");
  ExprPtr to_key;
  std::optional<TargetAddr> t = import_address(*to, for_each != nullptr, &to_key, diags);
  if (!t) return;
  if (!t->resource) {
    diags.error("Invalid import address",
                "An import block imports one object into a resource instance, like "
                "kube_object.a or kube_object.a[\"k\"]; " +
                    t->to_string() + " is a module.",
                to->expr->span);
    return;
  }
  ImportBlock ib;
  ib.to = InstanceAddr{*t->resource, t->key.value_or(InstanceKey::none())};
  ib.id = id->expr;
  ib.to_key = to_key;
  if (for_each) ib.for_each = for_each->expr;
  ib.span = b.header_span();
  ib.to_span = to->expr->span;
  if (const Attribute* p = attribute(b, "provider")) {
    ib.provider = decode_provider_ref(*p->expr, diags);
    if (!ib.provider) return;
  }
  m.imports.push_back(std::move(ib));
}

}  // namespace

void decode_refactor_block(const Block& b, Module& m, Diagnostics& diags) {
  if (!b.labels.empty()) {
    diags.error("Wrong number of labels on " + b.type + " block",
                "A " + b.type + " block takes no labels.", b.header_span());
    return;
  }
  if (b.type == "moved")
    decode_moved(b, m, diags);
  else if (b.type == "removed")
    decode_removed(b, m, diags);
  else
    decode_import(b, m, diags);
}

}  // namespace fedplan
