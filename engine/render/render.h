// Plan renderers: Terraform-like text (colour only when asked), markdown for pull requests and
// JSON shaped like `terraform show -json`. Sensitive values appear in none of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/plan/plan.h"

namespace fedplan {

// How to render. The CLI sets `color` for a terminal without -no-color or NO_COLOR.
struct RenderOptions {
  bool color = false;  // ANSI colours in text; markdown and JSON never have them
};

// The formats `-format` accepts.
enum class RenderFormat : uint8_t { Text, Markdown, Json };

// "text", "markdown" or "json"; nullopt for anything else.
std::optional<RenderFormat> parse_render_format(std::string_view name);

// Terraform's plan output: drift, the actions, `Plan: X to add, ...`, `Changes to Outputs:`.
std::string render_text(const Plan& plan, const RenderOptions& options);

// A pull-request comment with the default budget and a title from the plan alone (its
// directory; `show` when read from a file). render_markdown.h has the full options.
std::string render_markdown(const Plan& plan, const RenderOptions& options);

// One line of JSON in the shape of `terraform show -json PLANFILE`, ending in '\n'.
std::string render_json(const Plan& plan, const RenderOptions& options);

// Dispatches on `format`.
std::string render_plan(const Plan& plan, RenderFormat format, const RenderOptions& options);

}  // namespace fedplan
