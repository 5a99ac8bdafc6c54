// Decoding of a file's top-level blocks into the Module structs, with checks of block
// shapes: labels, allowed attributes, duplicates, and meta-arguments that must be static.
#include "engine/config/decode.h"

#include <algorithm>

#include "base/suggest.h"
#include "lang/references.h"
#include "lang/types_parse.h"

namespace fedplan {

namespace {

const std::vector<std::string>& top_level_blocks() {
  static const std::vector<std::string> names = {"variable", "locals",   "output",  "provider",
                                                 "module",   "resource", "data",    "fedplan",
                                                 "check",    "moved",    "removed", "import"};
  return names;
}

bool check_labels(const Block& b, size_t min, size_t max, const char* what, Diagnostics& diags) {
  if (b.labels.size() >= min && b.labels.size() <= max) return true;
  std::string want =
      min == max ? std::to_string(min) : std::to_string(min) + " or " + std::to_string(max);
  diags.error("Wrong number of labels on " + std::string(b.type) + " block",
              std::string("A ") + b.type + " block takes " + want + " label" +
                  (max == 1 ? "" : "s") + ": " + what + ".",
              b.header_span());
  return false;
}

bool valid_name(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

bool check_name(const BlockLabel& label, const char* what, Diagnostics& diags) {
  if (valid_name(label.value)) return true;
  diags.error("Invalid " + std::string(what) + " name",
              "A name must start with a letter or underscore and may contain only letters, "
              "digits, underscores, and dashes.",
              label.span);
  return false;
}

void unexpected_attribute(const Attribute& a, const char* block,
                          const std::vector<std::string>& allowed, Diagnostics& diags) {
  std::string detail = std::string("An attribute named \"") + a.name + "\" is not expected in a " +
                       block + " block.";
  if (auto s = suggest(a.name, allowed)) detail += " Did you mean \"" + *s + "\"?";
  diags.error("Unsupported argument", detail, a.name_span);
}

void unexpected_block(const Block& b, const char* where, const std::vector<std::string>& allowed,
                      Diagnostics& diags) {
  std::string detail = "Blocks of type \"" + b.type + "\" are not expected " + where + ".";
  if (auto s = suggest(b.type, allowed)) detail += " Did you mean \"" + *s + "\"?";
  diags.error("Unsupported block type", detail, b.type_span);
}

// Reads a literal bool argument (meta-arguments like sensitive must not be computed).
bool static_bool(const Attribute& a, bool* out, Diagnostics& diags) {
  if (auto* lit = a.expr->as<LiteralExpr>()) {
    if (lit->value.kind() == ValueKind::Bool) {
      *out = lit->value.as_bool();
      return true;
    }
  }
  diags.error("Invalid value for \"" + a.name + "\"", "A literal true or false is required here.",
              a.expr->span);
  return false;
}

bool static_string(const Attribute& a, std::string* out, Diagnostics& diags) {
  if (auto s = as_literal_string(*a.expr)) {
    *out = *s;
    return true;
  }
  diags.error("Invalid value for \"" + a.name + "\"",
              "A literal string is required here; references and functions are not allowed.",
              a.expr->span);
  return false;
}

// `[a.b, c]` -> traversals; anything else is an error.
std::vector<Traversal> static_traversals(const Attribute& a, Diagnostics& diags) {
  std::vector<Traversal> out;
  const auto* items = as_tuple_items(*a.expr);
  if (!items) {
    diags.error("Invalid value for \"" + a.name + "\"",
                "A list of references is required, like [kube_object.a, module.b].", a.expr->span);
    return out;
  }
  for (const ExprPtr& item : *items) {
    if (auto t = as_traversal(*item)) {
      out.push_back(std::move(*t));
    } else {
      diags.error("Invalid reference in \"" + a.name + "\"",
                  "Only plain references are allowed here, like kube_object.a or module.b; "
                  "expressions and indexes computed at run time are not.",
                  item->span);
    }
  }
  return out;
}

template <class Map>
bool check_duplicate(const Map& map, const std::string& key, const char* what, const Span& span,
                     const Span& prev, Diagnostics& diags) {
  if (!map.count(key)) return true;
  SourceRange p = prev;
  diags.error("Duplicate " + std::string(what) + " \"" + key + "\"",
              "It was already declared at " + p.file + ":" + std::to_string(p.start.line) +
                  ". Names must be unique within a module.",
              span);
  return false;
}

void decode_variable(const Block& b, Module& m, Diagnostics& diags) {
  if (!check_labels(b, 1, 1, "the variable name", diags) ||
      !check_name(b.labels[0], "variable", diags))
    return;
  // As Terraform: a module block reads these names as its own arguments, so a variable of
  // that name could never be set by a caller.
  static const std::vector<std::string> reserved = {
      "source", "version", "providers", "count", "for_each", "lifecycle", "depends_on", "locals"};
  if (std::find(reserved.begin(), reserved.end(), b.labels[0].value) != reserved.end()) {
    diags.error("Invalid variable name",
                "The variable name \"" + b.labels[0].value +
                    "\" is reserved due to its special meaning inside module blocks.",
                b.labels[0].span);
    return;
  }
  Variable v;
  v.name = b.labels[0].value;
  v.span = b.header_span();
  if (auto it = m.variables.find(v.name); it != m.variables.end()) {
    check_duplicate(m.variables, v.name, "variable", v.span, it->second.span, diags);
    return;
  }
  static const std::vector<std::string> allowed = {"type", "default", "description", "sensitive",
                                                   "nullable"};
  for (const Attribute& a : b.body.attributes) {
    if (a.name == "type") {
      v.type = parse_type_expr(*a.expr, diags);
      v.type_given = true;
    } else if (a.name == "default") {
      v.default_expr = a.expr;
    } else if (a.name == "description") {
      static_string(a, &v.description, diags);
    } else if (a.name == "sensitive") {
      static_bool(a, &v.sensitive, diags);
    } else if (a.name == "nullable") {
      static_bool(a, &v.nullable, diags);
    } else {
      unexpected_attribute(a, "variable", allowed, diags);
    }
  }
  for (const Block& nb : b.body.blocks) {
    if (nb.type != "validation") {
      unexpected_block(nb, "in a variable block", {"validation"}, diags);
      continue;
    }
    VariableValidation val;
    val.span = nb.header_span();
    for (const Attribute& a : nb.body.attributes) {
      if (a.name == "condition")
        val.condition = a.expr;
      else if (a.name == "error_message")
        val.error_message = a.expr;
      else
        unexpected_attribute(a, "validation", {"condition", "error_message"}, diags);
    }
    if (!val.condition || !val.error_message) {
      diags.error("Incomplete validation block",
                  "A validation block needs both \"condition\" and \"error_message\".", val.span);
      continue;
    }
    v.validations.push_back(std::move(val));
  }
  m.variables.emplace(v.name, std::move(v));
}

void decode_locals(const Block& b, Module& m, Diagnostics& diags) {
  check_labels(b, 0, 0, "none", diags);
  for (const Attribute& a : b.body.attributes) {
    if (auto it = m.locals.find(a.name); it != m.locals.end()) {
      check_duplicate(m.locals, a.name, "local value", a.name_span, it->second.span, diags);
      continue;
    }
    m.locals.emplace(a.name, Local{a.name, a.expr, a.name_span});
  }
  for (const Block& nb : b.body.blocks) unexpected_block(nb, "in a locals block", {}, diags);
}

void decode_output(const Block& b, Module& m, Diagnostics& diags) {
  if (!check_labels(b, 1, 1, "the output name", diags) || !check_name(b.labels[0], "output", diags))
    return;
  Output o;
  o.name = b.labels[0].value;
  o.span = b.header_span();
  if (auto it = m.outputs.find(o.name); it != m.outputs.end()) {
    check_duplicate(m.outputs, o.name, "output", o.span, it->second.span, diags);
    return;
  }
  static const std::vector<std::string> allowed = {"value", "sensitive", "description",
                                                   "depends_on"};
  for (const Attribute& a : b.body.attributes) {
    if (a.name == "value")
      o.value = a.expr;
    else if (a.name == "sensitive")
      static_bool(a, &o.sensitive, diags);
    else if (a.name == "description")
      static_string(a, &o.description, diags);
    else if (a.name == "depends_on")
      o.depends_on = static_traversals(a, diags);
    else
      unexpected_attribute(a, "output", allowed, diags);
  }
  for (const Block& nb : b.body.blocks) {
    if (nb.type == "precondition")
      decode_condition(nb, o.preconditions, diags);
    else
      unexpected_block(nb, "in an output block", {"precondition"}, diags);
  }
  if (!o.value) {
    diags.error("Missing required argument", "An output block needs a \"value\" argument.", o.span);
    return;
  }
  m.outputs.emplace(o.name, std::move(o));
}

void decode_provider(const Block& b, Module& m, Diagnostics& diags) {
  if (!check_labels(b, 1, 2, "the provider type and an optional configuration name", diags)) return;
  ProviderConfig p;
  p.type = b.labels[0].value;
  if (b.labels.size() == 2) {
    if (!check_name(b.labels[1], "provider configuration", diags)) return;
    p.alias = b.labels[1].value;
  }
  p.span = b.header_span();
  p.body = &b.body;
  for (const Attribute& a : b.body.attributes) {
    if (a.name != "for_each") continue;
    p.for_each = a.expr;
    if (p.alias.empty())
      diags.error("Provider for_each needs a configuration name",
                  "A provider block with for_each makes several configurations, which are "
                  "referred to by name and key: write provider \"" +
                      p.type + "\" \"NAME\" { for_each = ... } and use " + p.type +
                      ".NAME[each.key]. The default configuration of a provider cannot iterate.",
                  a.name_span);
  }
  if (const ProviderConfig* prev = m.find_provider(p.type, p.alias)) {
    SourceRange r = prev->span;
    diags.error(
        "Duplicate provider configuration \"" + ProviderRef{p.type, p.alias, {}}.to_string() + "\"",
        "It was already configured at " + r.file + ":" + std::to_string(r.start.line) + ".",
        p.span);
    return;
  }
  m.providers.push_back(std::move(p));
}

void decode_module_call(const Block& b, Module& m, Diagnostics& diags) {
  if (!check_labels(b, 1, 1, "the module name", diags) || !check_name(b.labels[0], "module", diags))
    return;
  ModuleCall c;
  c.name = b.labels[0].value;
  c.span = b.header_span();
  if (auto it = m.calls.find(c.name); it != m.calls.end()) {
    check_duplicate(m.calls, c.name, "module call", c.span, it->second.span, diags);
    return;
  }
  for (const Attribute& a : b.body.attributes) {
    if (a.name == "source") {
      static_string(a, &c.source, diags);
      c.source_span = a.expr->span;
    } else if (a.name == "count") {
      c.count = a.expr;
    } else if (a.name == "for_each") {
      c.for_each = a.expr;
    } else if (a.name == "depends_on") {
      c.depends_on = static_traversals(a, diags);
    } else if (a.name == "providers") {
      const auto* obj = a.expr->as<ObjectExpr>();
      if (!obj) {
        diags.error("Invalid providers map",
                    "providers takes a map from the module's provider names to this module's, "
                    "like { kube.a = kube.mesh1 }.",
                    a.expr->span);
        continue;
      }
      for (const ObjectItem& item : obj->items) {
        auto child = decode_provider_ref(*item.key, diags);
        auto parent = decode_provider_ref(*item.value, diags);
        if (child && parent) c.providers.emplace_back(*child, *parent);
      }
    } else if (a.name == "version") {
      diags.error("Module versions are not supported",
                  "fedplan modules are local directories; remove \"version\".", a.name_span);
    } else {
      c.inputs.push_back(&a);
    }
  }
  for (const Block& nb : b.body.blocks) unexpected_block(nb, "in a module block", {}, diags);
  if (c.source.empty()) {
    diags.error("Missing required argument", "A module block needs a \"source\" argument.", c.span);
    return;
  }
  if (c.count && c.for_each) {
    diags.error("Invalid combination of \"count\" and \"for_each\"",
                "Use one or the other, not both.", c.for_each->span);
  }
  m.calls.emplace(c.name, std::move(c));
}

// Data sources accept only preconditions and postconditions in their lifecycle block.
void decode_lifecycle(const Block& b, Lifecycle& lc, bool data, Diagnostics& diags) {
  static const std::vector<std::string> allowed = {"prevent_destroy", "create_before_destroy",
                                                   "ignore_changes"};
  for (const Attribute& a : b.body.attributes) {
    if (data) {
      diags.error("Unsupported lifecycle argument",
                  "Data sources are only read: their lifecycle block may hold only precondition "
                  "and postcondition blocks.",
                  a.name_span);
    } else if (a.name == "prevent_destroy") {
      static_bool(a, &lc.prevent_destroy, diags);
    } else if (a.name == "create_before_destroy") {
      static_bool(a, &lc.create_before_destroy, diags);
    } else if (a.name == "ignore_changes") {
      if (as_keyword(*a.expr) == std::optional<std::string>("all"))
        lc.ignore_all_changes = true;
      else
        lc.ignore_changes = static_traversals(a, diags);
    } else {
      unexpected_attribute(a, "lifecycle", allowed, diags);
    }
  }
  for (const Block& nb : b.body.blocks) {
    if (nb.type == "precondition")
      decode_condition(nb, lc.preconditions, diags);
    else if (nb.type == "postcondition")
      decode_condition(nb, lc.postconditions, diags);
    else
      unexpected_block(nb, "in a lifecycle block", {"precondition", "postcondition"}, diags);
  }
}

void decode_resource(const Block& b, Module& m, const std::vector<std::string>& provider_types,
                     Diagnostics& diags) {
  bool data = b.type == "data";
  if (!check_labels(b, 2, 2, data ? "the data source type and name" : "the resource type and name",
                    diags) ||
      !check_name(b.labels[0], data ? "data source type" : "resource type", diags) ||
      !check_name(b.labels[1], data ? "data source" : "resource", diags))
    return;
  Resource r;
  r.mode = data ? ResourceMode::Data : ResourceMode::Managed;
  r.type = b.labels[0].value;
  r.name = b.labels[1].value;
  r.span = b.header_span();
  std::string key = r.local_address();
  if (auto it = m.resources.find(key); it != m.resources.end()) {
    check_duplicate(m.resources, key, data ? "data source" : "resource", r.span, it->second.span,
                    diags);
    return;
  }
  for (const Attribute& a : b.body.attributes) {
    if (a.name == "provider") {
      r.provider = decode_provider_ref(*a.expr, diags);
    } else if (a.name == "count") {
      r.count = a.expr;
    } else if (a.name == "for_each") {
      r.for_each = a.expr;
    } else if (a.name == "depends_on") {
      r.depends_on = static_traversals(a, diags);
    } else {
      r.attributes.push_back(&a);
    }
  }
  for (const Block& nb : b.body.blocks) {
    if (nb.type == "lifecycle") {
      decode_lifecycle(nb, r.lifecycle, data, diags);
    } else {
      r.blocks.push_back(&nb);
    }
  }
  if (r.count && r.for_each) {
    diags.error("Invalid combination of \"count\" and \"for_each\"",
                "Use one or the other, not both.", r.for_each->span);
  }
  r.provider_type =
      r.provider ? r.provider->type : provider_for_resource_type(r.type, provider_types);
  if (r.provider_type.empty()) {
    std::string known;
    for (const std::string& p : provider_types) known += (known.empty() ? "" : ", ") + p;
    diags.error(
        "No provider serves \"" + r.type + "\"",
        "Resource types start with their provider's name; the providers are: " + known + ".",
        b.labels[0].span);
  }
  m.resources.emplace(std::move(key), std::move(r));
}

}  // namespace

std::string provider_for_resource_type(const std::string& type,
                                       const std::vector<std::string>& provider_types) {
  std::string best;
  for (const std::string& p : provider_types) {
    bool prefix = type == p || (type.size() > p.size() && type.compare(0, p.size(), p) == 0 &&
                                type[p.size()] == '_');
    if (prefix && p.size() > best.size()) best = p;
  }
  return best;
}

void decode_file(const File& file, Module& m, const std::vector<std::string>& provider_types,
                 Diagnostics& diags) {
  for (const Attribute& a : file.body.attributes) {
    diags.error("Unexpected attribute at the top level",
                "Top-level attributes are not allowed; put \"" + a.name +
                    "\" in a locals block or a variable's default.",
                a.name_span);
  }
  for (const Block& b : file.body.blocks) {
    if (b.type == "variable")
      decode_variable(b, m, diags);
    else if (b.type == "locals")
      decode_locals(b, m, diags);
    else if (b.type == "output")
      decode_output(b, m, diags);
    else if (b.type == "provider")
      decode_provider(b, m, diags);
    else if (b.type == "module")
      decode_module_call(b, m, diags);
    else if (b.type == "resource" || b.type == "data")
      decode_resource(b, m, provider_types, diags);
    else if (b.type == "fedplan")
      decode_settings(b, m, diags);
    else if (b.type == "check")
      decode_check(b, m, diags);
    else if (b.type == "moved" || b.type == "removed" || b.type == "import")
      decode_refactor_block(b, m, diags);
    else
      unexpected_block(b, "at the top level", top_level_blocks(), diags);
  }
}

std::optional<ProviderRef> decode_provider_ref(const Expr& e, Diagnostics& diags) {
  // `kube.cluster[each.key]` parses as an index over `kube.cluster`; `kube.cluster["a"]` as a
  // traversal whose last step is a literal index.
  const Expr* base = &e;
  ExprPtr key;
  if (const auto* ix = e.as<IndexExpr>()) {
    base = ix->collection.get();
    key = ix->key;
  }
  auto t = as_traversal(*base);
  if (t && !key && t->steps.size() == 2 && t->steps[1].kind == TraversalStep::Kind::Index) {
    auto lit = std::make_shared<LiteralExpr>();
    lit->value = t->steps[1].key;
    lit->span = t->steps[1].span;
    key = std::move(lit);
    t->steps.pop_back();
  }
  if (!t || t->steps.size() > 1 ||
      (t->steps.size() == 1 && t->steps[0].kind != TraversalStep::Kind::Attr) ||
      (key && t->steps.empty())) {
    diags.error("Invalid provider reference",
                "A provider is named by its type and optional name, like kube.mesh1 or "
                "firewalld, and one instance of a provider block with for_each by its key, like "
                "kube.cluster[\"east\"] or kube.cluster[each.key].",
                e.span);
    return std::nullopt;
  }
  ProviderRef ref{t->root, t->steps.empty() ? "" : t->steps[0].name, e.span, key};
  return ref;
}

}  // namespace fedplan
