// The -max-size flag of `plan` and `show` for markdown comments, read and checked in one place.
#pragma once

#include <optional>

#include "cli/options.h"
#include "engine/render/render.h"
#include "engine/render/render_markdown.h"

namespace fedplan {

// Adds -max-size N (characters of a markdown comment).
void add_markdown_flags(po::options_description& flags);

// The budget to render with: -max-size, or the default. nullopt after printing an error when
// the value is not a whole number of at least 1000, or -max-size is given with another format.
std::optional<size_t> markdown_max_size(const po::variables_map& vm, RenderFormat format,
                                        CliContext& ctx);

}  // namespace fedplan
