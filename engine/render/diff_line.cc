// Formatting of DiffLines: Terraform's text layout (optionally coloured) and the ```diff layout
// for markdown, where the marker has to stand in the first column.
#include "engine/render/diff_line.h"

#include "base/ansi.h"

namespace fedplan {

const char* action_symbol(Action a) {
  switch (a) {
    case Action::NoOp:
      return "    ";
    case Action::Create:
      return "  + ";
    case Action::Read:
      return " <= ";
    case Action::Update:
      return "  ~ ";
    case Action::DeleteThenCreate:
      return "-/+ ";
    case Action::CreateThenDelete:
      return "+/- ";
    case Action::Delete:
      return "  - ";
    case Action::Forget:
      return "  . ";
  }
  return "    ";
}

const char* action_color(Action a) {
  switch (a) {
    case Action::Create:
      return ansi::kGreen;
    case Action::Update:
      return ansi::kYellow;
    case Action::Delete:
      return ansi::kRed;
    case Action::Read:
      return ansi::kCyan;
    case Action::DeleteThenCreate:
    case Action::CreateThenDelete:
    case Action::NoOp:
    case Action::Forget:
      return "";
  }
  return "";
}

namespace {

// The marker with each of its signs in its own colour (`-/+` is red, then green).
std::string colored_symbol(Action a, bool color) {
  std::string sym = action_symbol(a);
  if (!color) return sym;
  if (a == Action::DeleteThenCreate)
    return ansi::paint("-", ansi::kRed, true) + "/" + ansi::paint("+", ansi::kGreen, true) + " ";
  if (a == Action::CreateThenDelete)
    return ansi::paint("+", ansi::kGreen, true) + "/" + ansi::paint("-", ansi::kRed, true) + " ";
  size_t start = sym.find_first_not_of(' ');
  size_t end = sym.find_last_not_of(' ');
  if (start == std::string::npos) return sym;
  return sym.substr(0, start) +
         ansi::paint(sym.substr(start, end - start + 1), action_color(a), true) +
         sym.substr(end + 1);
}

}  // namespace

std::string format_text_lines(const DiffLines& lines, bool color) {
  std::string out;
  for (const DiffLine& l : lines) {
    switch (l.kind) {
      case DiffLine::Kind::Blank:
        break;
      case DiffLine::Kind::Heading:
        out += ansi::paint("  # " + l.text, ansi::kBold, color);
        break;
      case DiffLine::Kind::Comment:
        out += "  # " + l.text;
        break;
      case DiffLine::Kind::Body:
        out += std::string(4 * l.depth, ' ') + colored_symbol(l.marker, color) + l.text;
        if (l.forces_replacement)
          out += " " + ansi::paint("# forces replacement", ansi::kRed, color);
        break;
    }
    out += '\n';
  }
  return out;
}

std::string format_diff_block_lines(const DiffLines& lines) {
  std::string out;
  for (const DiffLine& l : lines) {
    switch (l.kind) {
      case DiffLine::Kind::Blank:
        break;
      case DiffLine::Kind::Heading:
      case DiffLine::Kind::Comment:
        out += "  # " + l.text;
        break;
      case DiffLine::Kind::Body: {
        std::string indent(4 * l.depth, ' ');
        char first = 0;
        if (l.marker == Action::Create) first = '+';
        if (l.marker == Action::Delete) first = '-';
        if (l.marker == Action::Update) first = '!';
        if (first)
          out += first + indent + "   " + l.text;
        else
          out += indent + action_symbol(l.marker) + l.text;
        if (l.forces_replacement) out += " # forces replacement";
        break;
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace fedplan
