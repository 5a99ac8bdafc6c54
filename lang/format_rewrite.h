// The rewrites terraform fmt makes beyond layout: block labels written as names are quoted, an
// argument whose whole value is one interpolation ("${x}") becomes the expression, and legacy
// variable types become current ones.
#pragma once

#include <string>
#include <string_view>

namespace fedplan {

// `text` (which must parse) with every block label written as a name quoted, every argument of
// a block body written `"${EXPR}"` as EXPR (in parentheses when EXPR spans lines), and in a
// `variable` block, `type = list|map|set` as `list(any)`... and `type = "string"|"list"|"map"`
// as `string`, `list(string)`, `map(string)`. All mean what they meant before: a lone
// interpolation keeps its value's type. Comments are never removed (terraform fmt drops those
// between block labels).
std::string rewrite_like_terraform(std::string_view text);

}  // namespace fedplan
