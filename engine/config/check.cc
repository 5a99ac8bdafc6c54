// Static reference checks over a loaded module tree: every `var.`, `local.`, `module.`,
// `data.`, resource, `each.`, `count.` and provider reference must name something that exists.
#include "engine/config/check.h"

#include <algorithm>
#include <set>

#include "base/suggest.h"
#include "lang/references.h"

namespace fedplan {

namespace {

// What a given expression may refer to.
struct Allowed {
  bool each = false;
  bool count = false;
  bool only_self_var = false;  // variable validations: only the variable itself
  std::string self_var;
  bool nothing = false;  // variable defaults
  const char* context = "";
  bool self = false;  // postconditions: `self` is the instance
};

template <class Map>
std::vector<std::string> keys_of(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

std::string hint(const std::string& prefix, const std::string& name,
                 const std::vector<std::string>& candidates) {
  if (auto s = suggest(name, candidates)) return " Did you mean `" + prefix + *s + "`?";
  return "";
}

bool attr_step(const Traversal& t, size_t i) {
  return t.steps.size() > i && t.steps[i].kind == TraversalStep::Kind::Attr;
}

struct Checker {
  const Module& m;
  Diagnostics& diags;

  void need_attr(const Traversal& t, const std::string& what) {
    diags.error("Invalid reference",
                "A reference to " + what + " needs a name after \"" + t.root + "\", like " +
                    t.root + ".NAME.",
                t.span());
  }

  void check(const Traversal& t, const Allowed& ok) {
    if (ok.nothing) {
      diags.error("Variables may not be used here",
                  std::string("The ") + ok.context +
                      " must be a constant; it cannot refer to other objects.",
                  t.span());
      return;
    }
    const std::string& root = t.root;
    if (root == "var") {
      if (!attr_step(t, 0)) return need_attr(t, "an input variable");
      const std::string& name = t.steps[0].name;
      if (ok.only_self_var && name != ok.self_var) {
        diags.error("Invalid reference in variable validation",
                    "A validation condition may only refer to the variable it validates, "
                    "var." +
                        ok.self_var + ".",
                    t.span());
        return;
      }
      if (!m.variables.count(name))
        diags.error("Reference to undeclared input variable",
                    "There is no variable named \"" + name + "\" in this module." +
                        hint("var.", name, keys_of(m.variables)),
                    t.span());
      return;
    }
    if (ok.only_self_var) {
      diags.error("Invalid reference in variable validation",
                  "A validation condition may only refer to var." + ok.self_var + ".", t.span());
      return;
    }
    if (root == "local") {
      if (!attr_step(t, 0)) return need_attr(t, "a local value");
      const std::string& name = t.steps[0].name;
      if (!m.locals.count(name))
        diags.error("Reference to undeclared local value",
                    "There is no local value named \"" + name + "\" in this module." +
                        hint("local.", name, keys_of(m.locals)),
                    t.span());
      return;
    }
    if (root == "module") {
      if (!attr_step(t, 0)) return need_attr(t, "a module call");
      const std::string& name = t.steps[0].name;
      auto call = m.calls.find(name);
      if (call == m.calls.end()) {
        diags.error("Reference to undeclared module",
                    "There is no module call named \"" + name + "\" in this module." +
                        hint("module.", name, keys_of(m.calls)),
                    t.span());
        return;
      }
      auto child = m.children.find(name);
      if (child == m.children.end()) return;  // its load error is already reported
      size_t out_step = 1;
      if ((call->second.count || call->second.for_each) && t.steps.size() > 1 &&
          t.steps[1].kind == TraversalStep::Kind::Index)
        out_step = 2;
      if (attr_step(t, out_step)) {
        const std::string& out = t.steps[out_step].name;
        if (!child->second->outputs.count(out))
          diags.error("Unsupported attribute",
                      "The module \"" + name + "\" has no output named \"" + out + "\"." +
                          hint("module." + name + ".", out, keys_of(child->second->outputs)),
                      t.steps[out_step].span);
      }
      return;
    }
    if (root == "data") {
      if (!attr_step(t, 0) || !attr_step(t, 1)) {
        diags.error("Invalid reference", "A data source is referred to as data.TYPE.NAME.",
                    t.span());
        return;
      }
      const std::string& type = t.steps[0].name;
      const std::string& name = t.steps[1].name;
      if (!m.find_resource(ResourceMode::Data, type, name)) {
        std::vector<std::string> names;
        for (const auto& [k, r] : m.resources)
          if (r.mode == ResourceMode::Data) names.push_back(r.type + "." + r.name);
        diags.error("Reference to undeclared data source",
                    "There is no data source \"" + type + "\" \"" + name + "\" in this module." +
                        hint("data.", type + "." + name, names),
                    t.span());
      }
      return;
    }
    if (root == "each") {
      if (!ok.each) {
        diags.error("Reference to \"each\" in context without for_each",
                    "\"each\" is only available in blocks that set for_each.", t.span());
      } else if (!attr_step(t, 0) || (t.steps[0].name != "key" && t.steps[0].name != "value")) {
        diags.error("Invalid \"each\" attribute", "Only each.key and each.value exist.", t.span());
      }
      return;
    }
    if (root == "count") {
      if (!ok.count) {
        diags.error("Reference to \"count\" in non-counted context",
                    "count.index is only available in blocks that set count.", t.span());
      } else if (!attr_step(t, 0) || t.steps[0].name != "index") {
        diags.error("Invalid \"count\" attribute", "Only count.index exists.", t.span());
      }
      return;
    }
    if (root == "path") {
      if (!attr_step(t, 0) ||
          (t.steps[0].name != "module" && t.steps[0].name != "root" && t.steps[0].name != "cwd"))
        diags.error("Invalid \"path\" attribute",
                    "The path object has the attributes module, root and cwd.", t.span());
      return;
    }
    if (root == "self" && ok.self) return;
    if (root == "self") {
      diags.error("Invalid \"self\" reference",
                  "\"self\" is the resource instance itself, and may be used only in its "
                  "postcondition blocks.",
                  t.span());
      return;
    }
    if (root == "terraform") {
      diags.error("Unsupported reference", "\"" + root + "\" is not available in fedplan.",
                  t.span());
      return;
    }
    // Anything else is a managed resource: TYPE.NAME.
    if (!attr_step(t, 0)) {
      std::vector<std::string> roots = {"var", "local", "module", "data", "each", "count", "path"};
      diags.error("Invalid reference",
                  "\"" + root +
                      "\" is not a known name. A reference starts with var., local., "
                      "module., data., each., count., path., or a resource TYPE.NAME." +
                      hint("", root, roots),
                  t.span());
      return;
    }
    const std::string& name = t.steps[0].name;
    if (!m.find_resource(ResourceMode::Managed, root, name)) {
      std::vector<std::string> names;
      for (const auto& [k, r] : m.resources)
        if (r.mode == ResourceMode::Managed) names.push_back(k);
      diags.error("Reference to undeclared resource",
                  "There is no resource \"" + root + "\" \"" + name + "\" in this module." +
                      hint("", root + "." + name, names),
                  t.span());
    }
  }

  void check_expr(const ExprPtr& e, const Allowed& ok) {
    if (!e) return;
    for (const Traversal& t : references(*e)) check(t, ok);
  }

  void check_body(const Body& body, const Allowed& ok) {
    for (const Attribute& a : body.attributes) check_expr(a.expr, ok);
    for (const Block& b : body.blocks) check_body(b.body, ok);
  }

  // depends_on may name resources, data sources and modules only.
  void check_depends_on(const std::vector<Traversal>& deps) {
    for (const Traversal& t : deps) {
      if (t.root == "var" || t.root == "local" || t.root == "each" || t.root == "count" ||
          t.root == "path") {
        diags.error("Invalid depends_on reference",
                    "depends_on lists resources, data sources and modules; \"" + t.root +
                        ".\" values are dependencies already through their use.",
                    t.span());
        continue;
      }
      check(t, Allowed{});
    }
  }

  // A provider block's for_each is expanded before anything is planned, so it may use only
  // what is known then: variables, locals and literals (and path.*), never a resource.
  void check_provider_for_each(const ExprPtr& e) {
    for (const Traversal& t : references(*e)) {
      if (t.root == "var" || t.root == "local" || t.root == "path") {
        check(t, Allowed{});
        continue;
      }
      diags.error("Invalid provider for_each",
                  "The keys of a provider block's for_each must be known before anything is "
                  "planned, so it may use only variables, locals and literals; \"" +
                      t.to_string() + "\" is not one of them.",
                  t.span());
    }
  }

  void check_provider_ref(const ProviderRef& ref, const std::string& resource_type,
                          const std::set<std::string>& available) {
    if (!resource_type.empty() && ref.type != resource_type) {
      diags.error("Wrong provider type",
                  "\"" + ref.to_string() + "\" is a " + ref.type + " provider, but this object " +
                      "needs a " + resource_type + " provider.",
                  ref.span);
      return;
    }
    if (!ref.alias.empty() && !available.count(ref.to_string())) {
      std::vector<std::string> names(available.begin(), available.end());
      diags.error("Reference to undeclared provider configuration",
                  "There is no provider configuration \"" + ref.to_string() + "\" in this module." +
                      hint("", ref.to_string(), names),
                  ref.span);
    }
  }
};

void check_module(const Module& m, const std::set<std::string>& passed_providers,
                  Diagnostics& diags) {
  Checker c{m, diags};
  std::set<std::string> available = passed_providers;
  for (const ProviderConfig& p : m.providers)
    available.insert(ProviderRef{p.type, p.alias, {}}.to_string());

  for (const auto& [name, v] : m.variables) {
    c.check_expr(v.default_expr, Allowed{false, false, false, "", true, "default value"});
    for (const VariableValidation& val : v.validations) {
      Allowed self{false, false, true, name, false, ""};
      c.check_expr(val.condition, self);
      c.check_expr(val.error_message, self);
    }
  }
  for (const auto& [name, l] : m.locals) c.check_expr(l.expr, Allowed{});
  for (const auto& [name, o] : m.outputs) {
    c.check_expr(o.value, Allowed{});
    c.check_depends_on(o.depends_on);
    for (const Condition& cond : o.preconditions) {
      c.check_expr(cond.condition, Allowed{});
      c.check_expr(cond.error_message, Allowed{});
    }
  }
  for (const auto& [name, check] : m.checks) {
    for (const Condition& cond : check.asserts) {
      c.check_expr(cond.condition, Allowed{});
      c.check_expr(cond.error_message, Allowed{});
    }
  }
  for (const ProviderConfig& p : m.providers) {
    Allowed ok;
    ok.each = p.for_each != nullptr;
    for (const Attribute& a : p.body->attributes)
      if (a.expr == p.for_each)
        c.check_provider_for_each(a.expr);
      else
        c.check_expr(a.expr, ok);
    for (const Block& b : p.body->blocks) c.check_body(b.body, ok);
  }
  for (const auto& [name, r] : m.resources) {
    Allowed ok;
    ok.each = r.for_each != nullptr;
    ok.count = r.count != nullptr;
    c.check_expr(r.count, Allowed{});
    c.check_expr(r.for_each, Allowed{});
    for (const Attribute* a : r.attributes) c.check_expr(a->expr, ok);
    for (const Block* b : r.blocks) c.check_body(b->body, ok);
    for (const Condition& cond : r.lifecycle.preconditions) {
      c.check_expr(cond.condition, ok);
      c.check_expr(cond.error_message, ok);
    }
    Allowed post = ok;
    post.self = true;
    for (const Condition& cond : r.lifecycle.postconditions) {
      c.check_expr(cond.condition, post);
      c.check_expr(cond.error_message, post);
    }
    c.check_depends_on(r.depends_on);
    if (r.provider) {
      c.check_provider_ref(*r.provider, r.provider_type, available);
      c.check_expr(r.provider->key, ok);
    }
  }
  for (const auto& [name, call] : m.calls) {
    Allowed ok;
    ok.each = call.for_each != nullptr;
    ok.count = call.count != nullptr;
    c.check_expr(call.count, Allowed{});
    c.check_expr(call.for_each, Allowed{});
    for (const Attribute* a : call.inputs) c.check_expr(a->expr, ok);
    c.check_depends_on(call.depends_on);
    std::set<std::string> child_providers;
    for (const auto& [child_ref, parent_ref] : call.providers) {
      c.check_provider_ref(parent_ref, child_ref.type, available);
      c.check_expr(parent_ref.key, ok);
      if (child_ref.key)
        diags.error("Invalid providers map",
                    "The names on the left are the module's own provider names, which take no "
                    "index; put the instance on the right: { " +
                        child_ref.to_string() + " = " + parent_ref.to_string() + "[each.key] }.",
                    child_ref.key->span);
      child_providers.insert(child_ref.to_string());
    }
    auto child = m.children.find(name);
    if (child == m.children.end()) continue;
    const Module& cm = *child->second;
    // Inputs must be the child's variables, and required variables must be given.
    std::set<std::string> given;
    for (const Attribute* a : call.inputs) {
      given.insert(a->name);
      if (!cm.variables.count(a->name))
        diags.error("Unsupported argument",
                    "The module \"" + name + "\" (" + call.source + ") has no variable named \"" +
                        a->name + "\"." + hint("", a->name, keys_of(cm.variables)),
                    a->name_span);
    }
    for (const auto& [vname, v] : cm.variables) {
      if (!v.default_expr && !given.count(vname))
        diags.error("Missing required argument",
                    "The module \"" + name + "\" needs the argument \"" + vname +
                        "\": its variable has no default.",
                    call.span);
    }
    check_module(cm, child_providers, diags);
  }
}

}  // namespace

void check_references(const Module& root, Diagnostics& diags) {
  check_module(root, {}, diags);
}

void check_expression_references(const Module& m, const Expr& e,
                                 const std::vector<std::string>& extra_roots, Diagnostics& diags) {
  Checker c{m, diags};
  for (const Traversal& t : references(e))
    if (std::find(extra_roots.begin(), extra_roots.end(), t.root) == extra_roots.end())
      c.check(t, Allowed{});
}

}  // namespace fedplan
