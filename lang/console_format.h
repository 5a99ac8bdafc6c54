// Values as `terraform console` prints them: strings quoted Go-style (or as a heredoc when
// they span lines), collections multi-line with their conversion function (tolist, toset, tomap).
#pragma once

#include <string>

#include "lang/value.h"

namespace fedplan {

// The text `terraform console` prints for `v`, without a final newline. Unknown values are
// `(known after apply)`, sensitive ones `(sensitive value)`; `indent` is the column the value
// starts at inside a collection (0 at the top).
std::string console_format(const Value& v, size_t indent = 0);

}  // namespace fedplan
