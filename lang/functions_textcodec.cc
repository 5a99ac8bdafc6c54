// Text codecs: urlencode (Go's QueryEscape), textencodebase64/textdecodebase64 (character
// encodings through glibc's iconv) and csvdecode (Go's encoding/csv rules).
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "base/base64.h"
#include "lang/functions_util.h"

namespace fedplan::fn {
namespace {

FunctionResult urlencode(Args args, const FunctionContext&) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : args[0].as_string()) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return ok(Value::string(std::move(out)));
}

// An iconv conversion descriptor, closed when it goes out of scope.
struct Iconv {
  iconv_t cd;
  Iconv(const std::string& to, const std::string& from)
      : cd(iconv_open(to.c_str(), from.c_str())) {}
  ~Iconv() {
    if (valid()) iconv_close(cd);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool valid() const { return cd != reinterpret_cast<iconv_t>(-1); }
};

// `in` converted from one encoding to another; false when a character has no equivalent or
// the input is malformed.
bool recode(Iconv& conv, std::string_view in, std::string* out) {
  std::string buf(in.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  out->clear();
  while (true) {
    char* dst = buf.data();
    size_t dst_left = buf.size();
    size_t r = iconv(conv.cd, src_left ? &src : nullptr, &src_left, &dst, &dst_left);
    out->append(buf.data(), buf.size() - dst_left);
    if (r != static_cast<size_t>(-1) && src_left == 0) break;
    if (r == static_cast<size_t>(-1) && errno != E2BIG) return false;
    if (r != static_cast<size_t>(-1)) return false;  // iconv stopped without consuming all
  }
  // A final call writes any shift sequence a stateful encoding needs.
  char* dst = buf.data();
  size_t dst_left = buf.size();
  if (iconv(conv.cd, nullptr, nullptr, &dst, &dst_left) == static_cast<size_t>(-1)) return false;
  out->append(buf.data(), buf.size() - dst_left);
  return true;
}

// The iconv name for an encoding name, and the byte order mark Go's "UTF-16" writes (iconv's
// own "UTF-16" writes little-endian; Go's, like the IANA definition, big-endian with a mark).
std::string iconv_name(const std::string& name, std::string* bom) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  if (upper == "UTF-16") {
    *bom = "\xFE\xFF";
    return "UTF-16BE";
  }
  return name;
}

std::string unsupported(const std::string& name) {
  return "\"" + name + "\" is not a supported IANA encoding name or alias";
}

FunctionResult textencodebase64(Args args, const FunctionContext&) {
  const std::string& name = args[1].as_string();
  std::string bom;
  Iconv conv(iconv_name(name, &bom), "UTF-8");
  if (!conv.valid()) return fail(1, unsupported(name));
  std::string bytes;
  if (!recode(conv, args[0].as_string(), &bytes))
    return fail(0, "the given string contains characters that cannot be represented in " + name);
  return ok(Value::string(base64_encode(bom + bytes)));
}

FunctionResult textdecodebase64(Args args, const FunctionContext&) {
  const std::string& name = args[1].as_string();
  Iconv conv("UTF-8", name);
  if (!conv.valid()) return fail(1, unsupported(name));
  const std::string& src = args[0].as_string();
  std::optional<std::string> bytes = base64_decode(src);
  if (!bytes) {
    size_t bad =
        src.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
    return fail(0, "the given value is has an invalid base64 symbol at offset " +
                       std::to_string(bad == std::string::npos ? src.size() : bad));
  }
  std::string text;
  if (!recode(conv, *bytes, &text))
    return fail(0, "the given string contains symbols that are not defined for " + name);
  return ok(Value::string(std::move(text)));
}

// Reads CSV as Go's encoding/csv does with its defaults: "," separator, fields quoted with
// '"' ("" inside for a quote) may span lines, \r\n read as \n, empty lines skipped, every
// record as long as the first.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : s_(text) {}

  // The next record into `fields`; false at the end or on an error (then error() is set).
  bool next(std::vector<std::string>* fields) {
    fields->clear();
    while (pos_ < s_.size() && (s_[pos_] == '\n' || s_.substr(pos_, 2) == "\r\n")) {
      pos_ += s_[pos_] == '\n' ? 1 : 2;
      ++line_;
    }
    if (pos_ >= s_.size()) return false;
    size_t record_line = line_;
    while (true) {
      std::string field;
      if (pos_ < s_.size() && s_[pos_] == '"') {
        if (!quoted(&field)) return false;
      } else {
        while (pos_ < s_.size() && s_[pos_] != ',' && !at_line_end()) {
          if (s_[pos_] == '"') return failed("bare \" in non-quoted-field");
          field += s_[pos_++];
        }
      }
      fields->push_back(std::move(field));
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      skip_line_end();
      break;
    }
    if (width_ == 0) width_ = fields->size();
    if (fields->size() != width_) {
      line_for_error_ = record_line;
      error_ = "wrong number of fields";
      return false;
    }
    return true;
  }

  const std::string& error() const { return error_; }
  size_t error_line() const { return line_for_error_; }

 private:
  bool at_line_end() const { return s_[pos_] == '\n' || s_.substr(pos_, 2) == "\r\n"; }
  void skip_line_end() {
    if (pos_ < s_.size()) {
      pos_ += s_[pos_] == '\n' ? 1 : 2;
      ++line_;
    }
  }
  bool failed(const char* why) {
    line_for_error_ = line_;
    error_ = why;
    return false;
  }
  bool quoted(std::string* field) {
    ++pos_;
    while (true) {
      if (pos_ >= s_.size()) return failed("extraneous or missing \" in quoted-field");
      char c = s_[pos_];
      if (c == '"') {
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
          *field += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        if (pos_ >= s_.size() || s_[pos_] == ',' || at_line_end()) return true;
        return failed("extraneous or missing \" in quoted-field");
      }
      if (s_.substr(pos_, 2) == "\r\n") {
        *field += '\n';
        pos_ += 2;
        ++line_;
        continue;
      }
      if (c == '\n') ++line_;
      *field += c;
      ++pos_;
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t width_ = 0;
  size_t line_for_error_ = 0;
  std::string error_;
};

FunctionResult csvdecode(Args args, const FunctionContext&) {
  CsvReader reader(args[0].as_string());
  std::vector<std::string> header;
  auto csv_error = [&] {
    return fail(-1, "CSV parse error on line " + std::to_string(reader.error_line()) + ": " +
                        reader.error());
  };
  if (!reader.next(&header)) {
    if (!reader.error().empty()) return csv_error();
    return fail(-1, "missing header line");
  }
  std::set<std::string> seen;
  for (const std::string& name : header)
    if (!seen.insert(name).second) return fail(-1, "duplicate column name \"" + name + "\"");
  ValueList rows;
  std::vector<std::string> fields;
  while (reader.next(&fields)) {
    ValueMap row;
    for (size_t i = 0; i < header.size(); ++i) row.emplace(header[i], Value::string(fields[i]));
    rows.push_back(Value::object(std::move(row)));
  }
  if (!reader.error().empty()) return csv_error();
  return ok(Value::list(std::move(rows)));
}

}  // namespace

void add_textcodec_functions(std::vector<Function>* out) {
  Type str = Type::string();
  out->push_back(make_function("urlencode", "Escapes a string for a URL query.",
                               {param("str", str)}, urlencode));
  out->push_back(make_function("textencodebase64",
                               "Encodes a string in a character encoding, then as base64.",
                               {param("string", str), param("encoding", str)}, textencodebase64));
  out->push_back(make_function("textdecodebase64",
                               "Decodes base64 bytes in a character encoding into a string.",
                               {param("source", str), param("encoding", str)}, textdecodebase64));
  out->push_back(make_function("csvdecode", "Decodes CSV with a header line into objects.",
                               {param("str", str)}, csvdecode, ValueKind::List));
}

}  // namespace fedplan::fn
