// Compact JSON output: strings copied in runs between the bytes that need escaping, numbers
// through std::to_chars. Must read back identically through nlohmann::json::parse.
#include "state/json_writer.h"

#include <charconv>
#include <cmath>

#include "base/quote.h"

namespace fedplan {

void JsonOut::string(std::string_view s) {
  write_quoted(s, [this](std::string_view piece) { raw(piece); });
}

void JsonOut::integer(int64_t v) {
  char* p = room(24);
  n_ += static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p);
}

void JsonOut::float_value(double d) {
  if (!std::isfinite(d)) {
    raw("null");
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, static_cast<size_t>(r.ptr - buf));
  raw(text);
  if (text.find_first_of(".eE") == std::string_view::npos) raw(".0");
}

void JsonOut::value(const nlohmann::json& v) {
  using json = nlohmann::json;
  switch (v.type()) {
    case json::value_t::object: {
      raw('{');
      bool first = true;
      for (const auto& [key, item] : v.get_ref<const json::object_t&>()) {
        if (!first) raw(',');
        first = false;
        string(key);
        raw(':');
        value(item);
      }
      raw('}');
      return;
    }
    case json::value_t::array: {
      raw('[');
      bool first = true;
      for (const json& item : v.get_ref<const json::array_t&>()) {
        if (!first) raw(',');
        first = false;
        value(item);
      }
      raw(']');
      return;
    }
    case json::value_t::string:
      string(v.get_ref<const std::string&>());
      return;
    case json::value_t::boolean:
      raw(v.get<bool>() ? "true" : "false");
      return;
    case json::value_t::number_integer:
      integer(v.get<int64_t>());
      return;
    case json::value_t::number_unsigned: {
      char* p = room(24);
      n_ += static_cast<size_t>(std::to_chars(p, p + 24, v.get<uint64_t>()).ptr - p);
      return;
    }
    case json::value_t::number_float:
      float_value(v.get<double>());
      return;
    case json::value_t::null:
    case json::value_t::discarded:
      raw("null");
      return;
    case json::value_t::binary:
      raw(v.dump(-1, ' ', false, json::error_handler_t::replace));
      return;
  }
}

void append_json_compact(std::string& out, const nlohmann::json& v) {
  JsonOut(out).value(v);
}

}  // namespace fedplan
