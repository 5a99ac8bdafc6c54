// What `fedplan console` needs beyond evaluation: when typed text is a whole expression (or
// continues on the next line), and the static type that spells a null as Terraform does.
#pragma once

#include <string>

#include "engine/config/config.h"
#include "lang/ast.h"
#include "lang/types.h"

namespace fedplan {

// False while `text` leaves a bracket, brace, parenthesis, interpolation, heredoc or block
// comment open: the console then reads another line, as terraform console does. Text with too
// many closing brackets is complete (the parser reports it).
bool console_input_complete(const std::string& text);

// The type `e` has before evaluation, where it can be told: the conversion functions
// (tostring, tolist, ...), `var.NAME` with a type constraint (and its attributes), `c ? a : b`
// (a's type, else b's), parentheses, tuple and object constructors; Any elsewhere.
Type console_static_type(const Expr& e, const Module& root);

}  // namespace fedplan
