// parse_plan_json: nlohmann's DOM builder behind a SAX filter that keeps the JSON path of the
// value being read, so every refusal can say where it is.
#include "engine/plan/plan_file_parse.h"

#include <vector>

#include "state/fast_json.h"

namespace fedplan {

namespace {

using json = nlohmann::json;

// Forwards SAX events to nlohmann's DOM builder, tracking the path and the depth.
struct PathSax final : nlohmann::json_sax<json> {
  // One open array or object: the key being read, or the index of the next element.
  struct Frame {
    bool array = false;
    size_t next = 0;
    std::string key;
  };

  explicit PathSax(json* doc) : dom(*doc, false) {}

  nlohmann::detail::json_sax_dom_parser<json> dom;
  std::vector<Frame> frames;
  PlanJsonError error;

  // The path of the value about to be read, built only for a message. Only the first
  // kShownSteps steps are spelled out: a path 1000 levels deep would bury the message.
  static constexpr size_t kShownSteps = 16;
  std::string path() const {
    std::string out;
    for (size_t i = 0; i < frames.size(); ++i) {
      if (i == kShownSteps) {
        out += "...";
        break;
      }
      const Frame& f = frames[i];
      bool last = i + 1 == frames.size();
      if (f.array) {
        size_t index = last ? f.next : f.next - 1;
        out += "[" + std::to_string(index) + "]";
      } else {
        out += (out.empty() ? "" : ".") + f.key;
      }
    }
    return out;
  }
  bool value() {
    if (!frames.empty() && frames.back().array) ++frames.back().next;
    return true;
  }

  bool open(bool array) {
    if (frames.size() + 1 > static_cast<size_t>(kMaxJsonDepth)) {
      error.kind = PlanJsonError::Kind::TooDeep;
      error.path = path();
      return false;
    }
    value();
    frames.push_back(Frame{array, 0, {}});
    return true;
  }

  bool null() override { return value() && dom.null(); }
  bool boolean(bool v) override { return value() && dom.boolean(v); }
  bool number_integer(number_integer_t v) override { return value() && dom.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) override { return value() && dom.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) override {
    return value() && dom.number_float(v, s);
  }
  bool string(string_t& v) override { return value() && dom.string(v); }
  bool binary(binary_t& v) override { return value() && dom.binary(v); }
  bool start_object(std::size_t n) override { return open(false) && dom.start_object(n); }
  bool start_array(std::size_t n) override { return open(true) && dom.start_array(n); }
  bool end_object() override {
    frames.pop_back();
    return dom.end_object();
  }
  bool end_array() override {
    frames.pop_back();
    return dom.end_array();
  }
  bool key(string_t& k) override {
    frames.back().key = k;
    return dom.key(k);
  }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e) override {
    // nlohmann reports a number beyond a double (1e400) as out_of_range 406.
    error.kind = e.id == 406 ? PlanJsonError::Kind::NumberOutOfRange : PlanJsonError::Kind::Syntax;
    error.byte = position;
    error.path = path();
    error.token = token;
    return false;
  }
};

}  // namespace

std::string PlanJsonError::describe() const {
  std::string at = path.empty() ? "the top level" : path;
  switch (kind) {
    case Kind::NumberOutOfRange:
      return at + ": the number " + token + " is out of range (larger than a double can hold)";
    case Kind::TooDeep:
      return at + ": nests deeper than " + std::to_string(kMaxJsonDepth) +
             " levels of arrays and objects, more than fedplan reads";
    case Kind::Syntax:
      return "syntax error at byte " + std::to_string(byte);
    case Kind::None:
      break;
  }
  return "";
}

PlanJsonError parse_plan_json(std::string_view text, json* doc) {
  PathSax sax(doc);
  bool ok = json::sax_parse(text.begin(), text.end(), &sax);
  if (!ok && !sax.error) {
    sax.error.kind = PlanJsonError::Kind::Syntax;  // a DOM refusal nlohmann did not explain
    sax.error.path = sax.path();
  }
  if (sax.error) *doc = json();
  return sax.error;
}

}  // namespace fedplan
