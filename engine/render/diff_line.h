// DiffLine: one line of a rendered plan before it is formatted, so the text and markdown
// renderers share the diff and differ only in markers, colour and layout.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan.h"

namespace fedplan {

// One line: a heading or comment (`  # ...`), or a body line at `depth` steps of four spaces
// with an action marker (`  + `, `  ~ `, `-/+ `, ...) in front of `text`.
struct DiffLine {
  enum class Kind : uint8_t { Body, Heading, Comment, Blank };
  Kind kind = Kind::Body;
  int depth = 0;
  Action marker = Action::NoOp;  // Body only; NoOp is four spaces
  std::string text;
  bool forces_replacement = false;  // append `# forces replacement`

  static DiffLine body(int depth, Action marker, std::string text) {
    return DiffLine{Kind::Body, depth, marker, std::move(text), false};
  }
  static DiffLine heading(std::string text) {
    return DiffLine{Kind::Heading, 0, Action::NoOp, std::move(text), false};
  }
  static DiffLine comment(std::string text) {
    return DiffLine{Kind::Comment, 0, Action::NoOp, std::move(text), false};
  }
  static DiffLine blank() { return DiffLine{Kind::Blank, 0, Action::NoOp, {}, false}; }
};

using DiffLines = std::vector<DiffLine>;

// The four-character marker Terraform puts before a body line: "  + ", "  ~ ", "  - ",
// "-/+ ", "+/- ", " <= ", or four spaces.
const char* action_symbol(Action a);

// ANSI colour of a marker (green, yellow, red, cyan); "" for no-op.
const char* action_color(Action a);

// Formats lines as Terraform's text, with ANSI colour when `color`. Every line ends in '\n'.
std::string format_text_lines(const DiffLines& lines, bool color);

// Formats lines for a ```diff block: the marker moves to the first column (`~` becomes `!`) so
// GitHub colours the line; no colour codes.
std::string format_diff_block_lines(const DiffLines& lines);

}  // namespace fedplan
