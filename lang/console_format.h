// Values as `terraform console` prints them: strings quoted Go-style (or as a heredoc when
// they span lines), collections multi-line with their conversion function (tolist, toset, tomap).
#pragma once

#include <string>

#include "lang/types.h"
#include "lang/value.h"

namespace fedplan {

// The text `terraform console` prints for `v`, without a final newline. Unknown values are
// `(known after apply)`, sensitive ones `(sensitive value)`; `indent` is the column the value
// starts at inside a collection (0 at the top).
std::string console_format(const Value& v, size_t indent = 0);

// console_format with the static type of the expression that gave `v` (Any where it is not
// known): a null of a known type prints as Terraform prints a typed null, `tostring(null)`,
// `tolist(null) /* of string */`, `null /* object */`; an untyped one as `null`.
std::string console_format(const Value& v, const Type& type, size_t indent = 0);

}  // namespace fedplan
