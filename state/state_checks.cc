// Shared state-file checks: syntax errors with line and column, the format version, and the
// lineage and serial, each error naming the file and the field.
#include "state/state_checks.h"

#include <algorithm>

#include "state/state.h"
#include "state/uuid.h"

namespace fedplan {

namespace {

// Line and column (1-based) of byte offset `byte` in `text`.
SourcePos position_of(std::string_view text, size_t byte) {
  byte = std::min(byte, text.size());
  SourcePos pos;
  pos.byte = static_cast<int64_t>(byte);
  size_t line_start = 0;
  for (size_t i = 0; i < byte; ++i)
    if (text[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  pos.column = static_cast<int>(byte - line_start) + 1;
  return pos;
}

// nlohmann's message without its "[json.exception...] parse error at line 1, column 2: "
// (a number out of range has only the "[json.exception.out_of_range.406] " part).
std::string parser_reason(const std::string& what) {
  size_t colon = what.find(": ");
  if (colon != std::string::npos) return what.substr(colon + 2);
  size_t tag_end = what.rfind("[json.exception", 0) == 0 ? what.find("] ") : std::string::npos;
  return tag_end == std::string::npos ? what : what.substr(tag_end + 2);
}

}  // namespace

void syntax_error(std::string_view text, const std::string& file, size_t byte,
                  const std::string& what, Diagnostics& diags) {
  SourcePos pos = position_of(text, byte == 0 ? 0 : byte - 1);
  SourcePos end = pos;
  end.column += 1;
  end.byte += 1;
  diags.error("State file " + file + " is not valid JSON (line " + std::to_string(pos.line) +
                  ", column " + std::to_string(pos.column) + ")",
              parser_reason(what) +
                  ". fedplan never overwrites a state file it cannot read; fix it or restore "
                  "the .backup copy.",
              SourceRange{file, pos, end});
}

bool check_version(const nlohmann::json& v, const std::string& file, Diagnostics& diags) {
  if (!v.is_number_integer()) {
    diags.error("State file " + file + " has no format version",
                "The top-level \"version\" field must be an integer.");
    return false;
  }
  int64_t version = v.get<int64_t>();
  if (version > kStateVersion) {
    diags.error("State file " + file + " was written by a newer fedplan",
                "Its format version is " + std::to_string(version) + "; this build reads up to " +
                    std::to_string(kStateVersion) + ". Upgrade fedplan; the file was not changed.");
    return false;
  }
  if (version < 1) {
    diags.error("State file " + file + " has an invalid format version " + std::to_string(version));
    return false;
  }
  return true;
}

std::string check_identity(const nlohmann::json& lineage, const nlohmann::json& serial) {
  if (!lineage.is_string() || lineage.get_ref<const std::string&>().empty())
    return "\"lineage\" must be a non-empty string.";
  if (!looks_like_uuid(lineage.get_ref<const std::string&>()))
    return "lineage: " + lineage.dump() +
           " is not a UUID (8-4-4-4-12 hexadecimal digits, as fedplan makes them).";
  if (!serial.is_number_unsigned()) return "\"serial\" must be a non-negative integer.";
  if (serial.get<uint64_t>() > kMaxStateSerial)
    return "serial: " + serial.dump() + " is above the largest serial fedplan keeps, " +
           std::to_string(kMaxStateSerial) + ".";
  return "";
}

}  // namespace fedplan
