// JSON text <-> Value with exact numbers (jsonencode, jsondecode): nlohmann's document keeps
// numbers as 64-bit integers or doubles, so these write and read the number text themselves.
#include <nlohmann/json.hpp>

#include "lang/value_json.h"
#include "lang/value_number.h"

namespace fedplan {
namespace {

void json_text_quote(const std::string& s, std::string* out) {
  *out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void json_text_write(const Value& v, std::string* out) {
  if (!v.known()) {
    *out += "null";
    return;
  }
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      *out += "null";
      return;
    case ValueKind::Bool:
      *out += v.as_bool() ? "true" : "false";
      return;
    case ValueKind::Number: {
      // Infinities (from pow() overflowing a double) have no JSON form; nlohmann writes null.
      bool finite = v.as_big_number() || std::isfinite(v.as_number());
      *out += finite ? format_number(v) : "null";
      return;
    }
    case ValueKind::String:
      json_text_quote(v.as_string(), out);
      return;
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set: {
      *out += '[';
      bool first = true;
      for (const Value& e : v.elements()) {
        if (!first) *out += ',';
        first = false;
        json_text_write(e, out);
      }
      *out += ']';
      return;
    }
    case ValueKind::Map:
    case ValueKind::Object: {
      *out += '{';
      bool first = true;
      for (const auto& [k, e] : v.attributes()) {
        if (!first) *out += ',';
        first = false;
        json_text_quote(k, out);
        *out += ':';
        json_text_write(e, out);
      }
      *out += '}';
      return;
    }
  }
}

// An nlohmann SAX handler building Values; number_float() gets the token's own text, which
// is how integers beyond 64 bits and long fractions keep every digit.
class JsonTextValueBuilder {
 public:
  using Json = nlohmann::json;

  explicit JsonTextValueBuilder(std::string* error) : error_(error) {}

  std::optional<Value> result() { return std::move(root_); }

  bool null() { return add(Value()); }
  bool boolean(bool b) { return add(Value::boolean(b)); }
  bool number_integer(Json::number_integer_t n) { return add(number_value(BigFloat(n))); }
  bool number_unsigned(Json::number_unsigned_t n) { return add(number_value(BigFloat(n))); }
  bool number_float(Json::number_float_t, const Json::string_t& text) {
    std::optional<Value> n = parse_number_value(text);
    if (!n) {
      *error_ = "number " + text + " is out of range";
      return false;
    }
    return add(std::move(*n));
  }
  bool string(Json::string_t& s) { return add(Value::string(std::move(s))); }
  bool binary(Json::binary_t&) { return false; }  // JSON text has no binary values
  bool start_object(std::size_t) { return open(true); }
  bool key(Json::string_t& k) {
    stack_.back().key = std::move(k);
    return true;
  }
  bool end_object() {
    ValueMap attrs = std::move(stack_.back().attrs);
    stack_.pop_back();
    return add(Value::object(std::move(attrs)));
  }
  bool start_array(std::size_t) { return open(false); }
  bool end_array() {
    ValueList items = std::move(stack_.back().items);
    stack_.pop_back();
    return add(Value::tuple(std::move(items)));
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    std::string what = e.what();
    size_t cut = what.find("] ");
    *error_ = cut == std::string::npos ? what : what.substr(cut + 2);
    return false;
  }

 private:
  struct Frame {
    bool is_object = false;
    ValueList items;
    ValueMap attrs;
    std::string key;
  };

  bool open(bool is_object) {
    if (stack_.size() >= kMaxDecodeDepth) {
      *error_ = "nested more than " + std::to_string(kMaxDecodeDepth) + " levels deep";
      return false;
    }
    stack_.emplace_back();
    stack_.back().is_object = is_object;
    return true;
  }

  bool add(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (stack_.back().is_object) {
      stack_.back().attrs.insert_or_assign(stack_.back().key, std::move(v));  // the last wins
    } else {
      stack_.back().items.push_back(std::move(v));
    }
    return true;
  }

  std::string* error_;
  std::vector<Frame> stack_;
  std::optional<Value> root_;
};

}  // namespace

std::string to_json_text(const Value& v) {
  std::string out;
  json_text_write(v, &out);
  return out;
}

std::optional<Value> from_json_text(std::string_view text, std::string* error) {
  error->clear();
  JsonTextValueBuilder builder(error);
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  if (!ok) {
    if (error->empty()) *error = "syntax error";
    return std::nullopt;
  }
  return builder.result();
}

}  // namespace fedplan
