// The checks around formatting: that a text is safe to lay out from its tokens, and that the
// laid-out text has the same tokens and comments as the original. Internal to lang/.
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace fedplan {

// Reports lexical errors and unbalanced brackets, braces, quotes and template sequences.
void check_tokens(std::string_view text, const std::string& path, Diagnostics& diags);

// Whether `a` and `b` differ only in layout: the same tokens (runs of newlines count as one,
// blanks after a heredoc marker do not count) and the same non-blank characters; a leading
// byte order mark does not count.
bool same_content(std::string_view a, std::string_view b);

}  // namespace fedplan
