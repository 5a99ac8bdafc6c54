// YAML <-> JSON conversion: a yaml-cpp event handler that builds JSON with core-schema scalar
// resolution and source positions for errors, and a small block-style YAML writer.
#include "base/yaml_json.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "base/quote.h"

namespace fedplan {
namespace {

const std::string kTagStr = "tag:yaml.org,2002:str";
const std::string kTagInt = "tag:yaml.org,2002:int";
const std::string kTagFloat = "tag:yaml.org,2002:float";
const std::string kTagBool = "tag:yaml.org,2002:bool";
const std::string kTagNull = "tag:yaml.org,2002:null";

// Expanding aliases can multiply a small text into a huge value; stop well before that.
constexpr size_t kMaxValues = 4'000'000;

// An error raised while building, carrying the position it is about.
struct BuildError {
  std::string message;
  YAML::Mark mark;
};

bool is_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c))
                         : (c >= '0' && c < static_cast<char>('0' + base));
    if (!ok) return false;
  }
  return true;
}

// Matches [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_core_float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// Resolves a plain scalar by the YAML 1.2 core schema; nullopt means "a string".
template <class Json>
std::optional<Json> resolve_core(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Json(nullptr);
  if (s == "true" || s == "True" || s == "TRUE") return Json(true);
  if (s == "false" || s == "False" || s == "FALSE") return Json(false);
  std::string_view v = s;
  bool negative = false;
  std::string_view unsigned_part = v;
  if (v[0] == '-' || v[0] == '+') {
    negative = v[0] == '-';
    unsigned_part = v.substr(1);
  }
  auto parse_int = [&](std::string_view digits, int base) -> std::optional<Json> {
    uint64_t u = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
    if (ec == std::errc() && p == digits.data() + digits.size()) {
      if (!negative && u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return Json(static_cast<int64_t>(u));
      if (!negative) return Json(u);
      if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1)
        return Json(static_cast<int64_t>(0 - u));
    }
    // Too large for 64 bits: still a number, kept as a float.
    return Json(std::strtod(s.c_str(), nullptr));
  };
  if (is_digits(unsigned_part, 10)) return parse_int(unsigned_part, 10);
  if (v.size() > 2 && v[0] == '0' && v[1] == 'x' && is_digits(v.substr(2), 16))
    return parse_int(v.substr(2), 16);
  if (v.size() > 2 && v[0] == '0' && v[1] == 'o' && is_digits(v.substr(2), 8))
    return parse_int(v.substr(2), 8);
  if (is_core_float(v)) return Json(std::strtod(s.c_str(), nullptr));
  if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF")
    return Json(negative ? -std::numeric_limits<double>::infinity()
                         : std::numeric_limits<double>::infinity());
  if (v == ".nan" || v == ".NaN" || v == ".NAN")
    return Json(std::numeric_limits<double>::quiet_NaN());
  return std::nullopt;
}

bool is_yaml11_word(std::string_view s) {
  static const char* const words[] = {"y",  "Y",  "yes", "Yes", "YES", "n",   "N",   "no",
                                      "No", "NO", "on",  "On",  "ON",  "off", "Off", "OFF"};
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

// The bool a YAML 1.1 word (y, yes, on, n, no, off, ...) stands for.
bool yaml11_bool(std::string_view s) {
  return s[0] == 'y' || s[0] == 'Y' || s == "on" || s == "On" || s == "ON";
}

// Builds JSON documents from yaml-cpp parse events.
template <class Json>
class Builder : public YAML::EventHandler {
 public:
  std::vector<Json> docs;

  explicit Builder(YamlBools bools) : yaml11_(bools == YamlBools::Yaml11) {}

  void OnDocumentStart(const YAML::Mark&) override {
    stack_.clear();
    anchors_.clear();
    root_.reset();
  }
  void OnDocumentEnd() override { docs.push_back(root_ ? std::move(*root_) : Json(nullptr)); }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (expecting_key()) return set_key("null", mark, false);
    add(Json(nullptr), mark, anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw BuildError{"unknown alias", mark};
    if (expecting_key()) {
      if (!it->second.value.is_string()) throw BuildError{"a mapping key must be a scalar", mark};
      return set_key(it->second.value.template get<std::string>(), mark, false);
    }
    add(it->second.value, mark, 0, it->second.count);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (expecting_key()) {
      std::string key = value;
      if (yaml11_ && tag == "?" && is_yaml11_word(value))
        key = yaml11_bool(value) ? "true" : "false";
      if (anchor) anchors_[anchor] = Anchored{Json(key), 1};
      return set_key(std::move(key), mark, tag == "?" && value == "<<");
    }
    add(scalar(mark, tag, value), mark, anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Json::array(), mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Json::object(), mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  // An open sequence or mapping, with the key waiting for its value.
  struct Frame {
    Json value;
    YAML::Mark mark;
    YAML::anchor_t anchor = 0;
    size_t count = 1;
    std::optional<std::string> key;
    YAML::Mark key_mark;
    bool merge_key = false;
    std::set<std::string> merged;  // keys that came from `<<`; an explicit key overrides them
  };
  // A value recorded under an anchor, with how many values it holds (for the expansion cap).
  struct Anchored {
    Json value;
    size_t count = 1;
  };

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().value.is_object() && !stack_.back().key;
  }

  void set_key(std::string key, const YAML::Mark& mark, bool merge) {
    Frame& f = stack_.back();
    f.key = std::move(key);
    f.key_mark = mark;
    f.merge_key = merge;
  }

  Json scalar(const YAML::Mark& mark, const std::string& tag, const std::string& value) {
    if (tag == "!" || tag == kTagStr) return Json(value);
    std::optional<Json> r = resolve_core<Json>(value);
    if (yaml11_ && !r && is_yaml11_word(value)) r = Json(yaml11_bool(value));
    if (tag == "?" || tag.empty()) return r ? *r : Json(value);
    auto fail = [&](const char* what) -> Json {
      throw BuildError{"cannot read \"" + value + "\" as " + what, mark};
    };
    if (tag == kTagInt) return r && r->is_number_integer() ? *r : fail("an integer");
    if (tag == kTagFloat) {
      if (r && r->is_number()) return Json(r->template get<double>());
      return fail("a float");
    }
    if (tag == kTagBool) return r && r->is_boolean() ? *r : fail("a boolean");
    if (tag == kTagNull) return r && r->is_null() ? *r : fail("null");
    // Other tags (local or unknown) do not change how the text reads.
    return r ? *r : Json(value);
  }

  void open(Json value, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (expecting_key()) throw BuildError{"a mapping key must be a scalar", mark};
    Frame f;
    f.value = std::move(value);
    f.mark = mark;
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    add(std::move(f.value), f.mark, f.anchor, f.count);
  }

  void add(Json value, const YAML::Mark& mark, YAML::anchor_t anchor, size_t count) {
    total_ += count;
    if (total_ > kMaxValues) throw BuildError{"document too large after expanding aliases", mark};
    if (anchor) anchors_[anchor] = Anchored{value, count};
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& f = stack_.back();
    f.count += count;
    if (f.value.is_array()) {
      f.value.push_back(std::move(value));
      return;
    }
    std::string key = std::move(*f.key);
    f.key.reset();
    if (f.merge_key && merge(f, value)) return;
    if (f.value.contains(key) && f.merged.erase(key) == 0)
      throw BuildError{"duplicate key \"" + key + "\"", f.key_mark};
    f.value[key] = std::move(value);
  }

  // Applies a `<<` merge: keys already present win, earlier sources win over later ones.
  bool merge(Frame& f, const Json& source) {
    auto merge_one = [&](const Json& m) {
      for (auto it = m.begin(); it != m.end(); ++it)
        if (!f.value.contains(it.key())) {
          f.value[it.key()] = it.value();
          f.merged.insert(it.key());
        }
    };
    if (source.is_object()) {
      merge_one(source);
      return true;
    }
    if (source.is_array() && !source.empty()) {
      for (const Json& m : source)
        if (!m.is_object()) return false;
      for (const Json& m : source) merge_one(m);
      return true;
    }
    return false;
  }

  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::optional<Json> root_;
  size_t total_ = 0;
  bool yaml11_ = false;
};

template <class Json>
BasicYamlResult<Json> parse(std::string_view text, YamlBools bools) {
  BasicYamlResult<Json> result;
  std::istringstream in{std::string(text)};
  Builder<Json> builder(bools);
  auto set_error = [&](const std::string& msg, const YAML::Mark& mark) {
    result.docs.clear();
    result.error = msg;
    if (!mark.is_null()) {
      result.line = mark.line + 1;
      result.column = mark.column + 1;
    }
  };
  try {
    YAML::Parser parser(in);
    // Every document takes at least one byte; yaml-cpp 0.7 can return empty documents
    // forever on some malformed input (",a"), so more documents than bytes means no progress.
    while (parser.HandleNextDocument(builder)) {
      if (builder.docs.size() > text.size() + 1) {
        set_error("malformed YAML: the parser made no progress", YAML::Mark());
        return result;
      }
    }
    result.docs = std::move(builder.docs);
  } catch (const BuildError& e) {
    set_error(e.message, e.mark);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own words are "bad file".
    set_error("collections nested too deeply (the YAML reader stops at about 500 levels)", e.mark);
  } catch (const YAML::Exception& e) {
    set_error(e.msg, e.mark);
  }
  return result;
}

// ---- writing ----

// Text that some YAML reader (1.1 or 1.2) could take for a number.
bool looks_numeric(std::string_view s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  bool starts = std::isdigit(static_cast<unsigned char>(s[i])) ||
                (s[i] == '.' && i + 1 < s.size() &&
                 (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == 'i' ||
                  s[i + 1] == 'I' || s[i + 1] == 'n' || s[i + 1] == 'N'));
  if (!starts) return false;
  for (char c : s)
    if (!std::strchr("0123456789abcdefABCDEFxXoO_.:+-infINFaAN", c)) return false;
  return true;
}

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  return false;
}

bool can_be_plain(std::string_view s) {
  if (s.empty()) return false;
  if (resolve_core<nlohmann::json>(std::string(s))) return false;
  if (is_yaml11_word(s) || looks_numeric(s)) return false;
  if (std::strchr("-?:,[]{}#&*!|>'\"%@`", s[0])) return false;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
    return false;
  if (s.find('\n') != std::string_view::npos || s.find('\t') != std::string_view::npos)
    return false;
  return !has_control(s);
}

std::string inline_string(std::string_view s) {
  return can_be_plain(s) ? std::string(s) : quote_yaml(s);
}

// Multi-line text that reads back exactly from a literal block.
bool literal_block_fits(std::string_view s) {
  if (s.find('\n') == std::string_view::npos || has_control(s)) return false;
  if (s.find_first_not_of('\n') == std::string_view::npos) return false;
  // A leading space would need an indentation indicator; quoting is simpler.
  if (s.find('\r') != std::string_view::npos || s[0] == ' ') return false;
  // Lines of only spaces are ambiguous in a block; so is a leading tab.
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(start, end - start);
    if (!line.empty() && line.find_first_not_of(' ') == std::string_view::npos) return false;
    if (!line.empty() && line[0] == '\t') return false;
    start = end + 1;
  }
  return true;
}

void write_literal_block(std::string_view s, int indent, std::string& out) {
  size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  out += '|';
  if (trailing == 0) out += '-';
  if (trailing > 1) out += '+';
  out += '\n';
  std::string_view body = s.substr(0, s.size() - trailing);
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    if (!line.empty()) out.append(indent + 2, ' ').append(line);
    out += '\n';
    start = end + 1;
  }
  for (size_t i = 1; i < trailing; ++i) out += '\n';
}

template <class Json>
std::string scalar_text(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.template get<bool>() ? "true" : "false";
  if (v.is_number_float()) {
    double d = v.template get<double>();
    if (std::isnan(d)) return ".nan";
    if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
    return v.dump();
  }
  if (v.is_number()) return v.dump();
  if (v.is_binary()) return quote_yaml(std::string(v.get_binary().begin(), v.get_binary().end()));
  return inline_string(v.template get_ref<const std::string&>());
}

enum class Place { Root, MapValue, SeqItem };

// Writes `v`; for MapValue the caller has written "key:", for SeqItem "- " at `indent`.
template <class Json>
void write_node(const Json& v, int indent, Place place, std::string& out) {
  bool empty_container = (v.is_object() || v.is_array()) && v.empty();
  if (!v.is_object() && !v.is_array()) {
    if (place == Place::MapValue) out += ' ';
    if (v.is_string() && literal_block_fits(v.template get_ref<const std::string&>())) {
      write_literal_block(v.template get_ref<const std::string&>(), indent, out);
      return;
    }
    out += scalar_text(v);
    out += '\n';
    return;
  }
  if (empty_container) {
    if (place == Place::MapValue) out += ' ';
    out += v.is_object() ? "{}\n" : "[]\n";
    return;
  }
  // Where the children start, and whether the first one continues the current line.
  int child_indent = place == Place::Root ? 0 : indent + 2;
  if (v.is_array() && place == Place::MapValue) child_indent = indent;
  bool first_inline = place == Place::SeqItem;
  if (place == Place::MapValue) out += '\n';
  bool first = true;
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!(first && first_inline)) out.append(child_indent, ' ');
      first = false;
      out += inline_string(it.key());
      out += ':';
      write_node(it.value(), child_indent, Place::MapValue, out);
    }
  } else {
    for (const Json& item : v) {
      if (!(first && first_inline)) out.append(child_indent, ' ');
      first = false;
      out += "- ";
      write_node(item, child_indent, Place::SeqItem, out);
    }
  }
}

template <class Json>
std::string write_yaml(const Json& v) {
  std::string out;
  write_node(v, 0, Place::Root, out);
  return out;
}

template <class Json>
std::string write_stream(const std::vector<Json>& docs) {
  std::string out;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i > 0) out += "---\n";
    out += write_yaml(docs[i]);
  }
  return out;
}

}  // namespace

YamlResult parse_yaml(std::string_view text) {
  return parse<nlohmann::json>(text, YamlBools::Core);
}
YamlResult parse_yaml(std::string_view text, YamlBools bools) {
  return parse<nlohmann::json>(text, bools);
}
OrderedYamlResult parse_yaml_ordered(std::string_view text) {
  return parse<nlohmann::ordered_json>(text, YamlBools::Core);
}
std::string to_yaml(const nlohmann::json& value) {
  return write_yaml(value);
}
std::string to_yaml(const nlohmann::ordered_json& value) {
  return write_yaml(value);
}
std::string to_yaml_stream(const std::vector<nlohmann::json>& docs) {
  return write_stream(docs);
}
std::string to_yaml_stream(const std::vector<nlohmann::ordered_json>& docs) {
  return write_stream(docs);
}

}  // namespace fedplan
