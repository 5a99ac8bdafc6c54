// The `fedplan` settings block: today one `backend "TYPE" { ... }` inside it, naming where
// the state lives. Its values stay as AST; the CLI reads them as literals.
#include "base/quote.h"
#include "engine/config/decode.h"
#include "lang/references.h"

namespace fedplan {

void decode_settings(const Block& b, Module& m, Diagnostics& diags) {
  if (!b.labels.empty()) {
    diags.error("Wrong number of labels on fedplan block", "A fedplan block takes no labels.",
                b.header_span());
    return;
  }
  for (const Attribute& a : b.body.attributes)
    diags.error("Unsupported argument",
                "The fedplan block takes no arguments, only a backend block; " + quote(a.name) +
                    " is not expected here.",
                a.name_span);
  for (const Block& inner : b.body.blocks) {
    if (inner.type != "backend") {
      diags.error("Unsupported block type",
                  "Blocks of type " + quote(inner.type) +
                      " are not expected in a fedplan block; only \"backend\" is.",
                  inner.type_span);
      continue;
    }
    if (inner.labels.size() != 1) {
      diags.error("Wrong number of labels on backend block",
                  "A backend block takes 1 label: the backend type (\"local\", \"etcd\" or "
                  "\"kube\").",
                  inner.header_span());
      continue;
    }
    if (m.backend) {
      diags.error("Duplicate backend configuration",
                  "A module has at most one backend block; another was declared at " +
                      m.backend->span.range().file + ":" +
                      std::to_string(m.backend->span.start.line) + ".",
                  inner.header_span());
      continue;
    }
    for (const Block& nested : inner.body.blocks)
      diags.error("Unsupported block type",
                  "A backend block holds only settings (KEY = value), not blocks.",
                  nested.type_span);
    for (const Attribute& a : inner.body.attributes) {
      if (!references(*a.expr).empty())
        diags.error("Variables not allowed",
                    "Backend settings are read before the configuration is evaluated, so they "
                    "must be literal values. Pass values that vary with -backend-config "
                    "KEY=VALUE, and secrets in FEDPLAN_BACKEND_<KEY> environment variables.",
                    a.expr->span);
    }
    m.backend = BackendBlock{inner.labels[0].value, inner.header_span(), &inner.body};
  }
}

}  // namespace fedplan
