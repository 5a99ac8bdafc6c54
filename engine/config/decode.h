// Decoding of parsed files into a Module: block shapes, labels, duplicates, meta-arguments.
// Expressions are kept as AST; nothing is evaluated here.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "engine/config/config.h"

namespace fedplan {

// Adds the blocks of `file` to `m`, reporting malformed ones. `provider_types` are the
// provider names known to fedplan, used to find which provider serves a resource type.
void decode_file(const File& file, Module& m, const std::vector<std::string>& provider_types,
                 Diagnostics& diags);

// Decodes a top-level `fedplan { backend "TYPE" { ... } }` block into m.backend
// (engine/config/settings.cc).
void decode_settings(const Block& b, Module& m, Diagnostics& diags);

// Decodes a `precondition`, `postcondition` or `assert` block `b` (its type names it in
// messages) and appends it to `out` when it has both arguments (engine/config/decode_check.cc).
void decode_condition(const Block& b, std::vector<Condition>& out, Diagnostics& diags);

// Decodes a top-level `check "NAME" { assert { ... } }` block into m.checks
// (engine/config/decode_check.cc).
void decode_check(const Block& b, Module& m, Diagnostics& diags);

// Decodes a top-level `moved`, `removed` or `import` block into m.moved, m.removed or
// m.imports (engine/config/refactor_blocks.cc).
void decode_refactor_block(const Block& b, Module& m, Diagnostics& diags);

// A provider reference (`provider = ...` in a resource, data or import block, a value of a module
// call's `providers`): kube, kube.mesh1, kube.cluster["east"] or kube.cluster[each.key], whose
// key is kept as an expression to evaluate where the reference is. nullopt, with an error, else.
std::optional<ProviderRef> decode_provider_ref(const Expr& e, Diagnostics& diags);

// The longest provider name that prefixes `type` at an underscore boundary, or "".
std::string provider_for_resource_type(const std::string& type,
                                       const std::vector<std::string>& provider_types);

}  // namespace fedplan
