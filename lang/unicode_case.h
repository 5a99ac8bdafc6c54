// Case mapping of UTF-8 text as Go's unicode package does it for Terraform's lower, upper and
// title: each code point by its simple case mapping (Unicode data, through ICU's uchar.h).
#pragma once

#include <string>
#include <string_view>

namespace fedplan {

enum class CaseMapping { Lower, Upper };

// `s` with every code point mapped to its lower or upper case form (Go's strings.ToLower and
// strings.ToUpper: "ÉCOLE" -> "école", but "ß" stays, having no one-letter upper case).
// Ill-formed bytes are kept as they are.
std::string map_case(std::string_view s, CaseMapping mapping);

// Go's strings.Title: the first code point of each word in title case, a word starting after
// a separator (ASCII other than letters, digits and '_'; non-ASCII white space).
std::string title_case(std::string_view s);

}  // namespace fedplan
