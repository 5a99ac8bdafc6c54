// Decoding of conditions (`precondition`, `postcondition`, `assert`) and of top-level
// `check "NAME" { assert { ... } }` blocks, as Terraform writes them.
#include "base/quote.h"
#include "base/suggest.h"
#include "engine/config/decode.h"

namespace fedplan {

namespace {

void unsupported_argument(const Attribute& a, const std::string& block,
                          const std::vector<std::string>& allowed, Diagnostics& diags) {
  std::string detail =
      "An argument named " + quote(a.name) + " is not expected in a " + block + " block.";
  if (auto s = suggest(a.name, allowed)) detail += " Did you mean " + quote(*s) + "?";
  diags.error("Unsupported argument", detail, a.name_span);
}

}  // namespace

void decode_condition(const Block& b, std::vector<Condition>& out, Diagnostics& diags) {
  Condition c;
  c.span = b.header_span();
  for (const Attribute& a : b.body.attributes) {
    if (a.name == "condition")
      c.condition = a.expr;
    else if (a.name == "error_message")
      c.error_message = a.expr;
    else
      unsupported_argument(a, b.type, {"condition", "error_message"}, diags);
  }
  for (const Block& nb : b.body.blocks)
    diags.error("Unsupported block type",
                "Blocks of type " + quote(nb.type) + " are not expected in a " + b.type + " block.",
                nb.type_span);
  if (!c.condition || !c.error_message) {
    diags.error("Incomplete " + b.type + " block",
                "A " + b.type + " block needs both \"condition\" and \"error_message\".", c.span);
    return;
  }
  if (!b.labels.empty())
    diags.error("Wrong number of labels on " + b.type + " block",
                "A " + b.type + " block takes no labels.", b.header_span());
  out.push_back(std::move(c));
}

void decode_check(const Block& b, Module& m, Diagnostics& diags) {
  if (b.labels.size() != 1) {
    diags.error("Wrong number of labels on check block",
                "A check block takes 1 label: the check's name.", b.header_span());
    return;
  }
  CheckBlock c;
  c.name = b.labels[0].value;
  c.span = b.header_span();
  if (auto it = m.checks.find(c.name); it != m.checks.end()) {
    SourceRange p = it->second.span;
    diags.error("Duplicate check \"" + c.name + "\"",
                "It was already declared at " + p.file + ":" + std::to_string(p.start.line) +
                    ". Names must be unique within a module.",
                c.span);
    return;
  }
  for (const Attribute& a : b.body.attributes) unsupported_argument(a, "check", {}, diags);
  bool any_assert = false;
  for (const Block& nb : b.body.blocks) {
    if (nb.type == "assert") {
      any_assert = true;
      decode_condition(nb, c.asserts, diags);
    } else if (nb.type == "data") {
      diags.error("Scoped data sources are not supported",
                  "fedplan does not read a data source inside a check block yet; declare it at "
                  "the top level and refer to it from the assert block.",
                  nb.type_span);
    } else {
      std::string detail =
          "Blocks of type " + quote(nb.type) + " are not expected in a check block.";
      if (auto s = suggest(nb.type, {"assert", "data"}))
        detail += " Did you mean " + quote(*s) + "?";
      diags.error("Unsupported block type", detail, nb.type_span);
    }
  }
  if (!any_assert) {
    diags.error("Missing assert block", "A check block needs at least one assert block.", c.span);
    return;
  }
  m.checks.emplace(c.name, std::move(c));
}

}  // namespace fedplan
