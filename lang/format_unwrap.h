// The rewrites terraform fmt makes beyond layout: an argument whose whole value is one
// interpolation ("${x}") becomes the expression, and legacy variable types become current ones.
#pragma once

#include <string>
#include <string_view>

namespace fedplan {

// `text` (which must parse) with every argument of a block body written `"${EXPR}"` as EXPR
// (in parentheses when EXPR spans lines), and in a `variable` block, `type = list|map|set` as
// `list(any)`... and `type = "string"|"list"|"map"` as `string`, `list(string)`, `map(string)`.
// Both mean what they meant before: a lone interpolation keeps its value's type.
std::string unwrap_interpolations(std::string_view text);

}  // namespace fedplan
