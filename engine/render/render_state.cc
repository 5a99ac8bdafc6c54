// render_instance: walks the attributes with the path so far and stops at any sensitive path,
// so nothing below a redacted value is ever formatted.
#include "engine/render/render_state.h"

#include <set>

#include "base/quote.h"

namespace fedplan {

namespace {

using nlohmann::json;

bool identifier(const std::string& key) {
  if (key.empty() || !(std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_'))
    return false;
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

std::string key_text(const std::string& key) {
  if (identifier(key)) return key;
  return quote(key);
}

// A string with newlines and no other control characters reads best as a heredoc.
bool heredoc_string(const std::string& s) {
  if (s.find('\n') == std::string::npos) return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') return false;
  return true;
}

struct Renderer {
  std::set<json> sensitive;
  std::string out;
  json path = json::array();

  void pad(size_t n) { out.append(n, ' '); }

  void value(const json& v, size_t indent) {
    if (sensitive.count(path)) {
      out += "(sensitive value)";
      return;
    }
    switch (v.type()) {
      case json::value_t::object:
        return object(v, indent);
      case json::value_t::array:
        return array(v, indent);
      case json::value_t::string: {
        const std::string& s = v.get_ref<const std::string&>();
        if (!heredoc_string(s)) {
          out += quote(s);
          return;
        }
        out += "<<-EOT\n";
        size_t start = 0;
        while (start < s.size()) {
          size_t nl = s.find('\n', start);
          if (nl == std::string::npos) nl = s.size();
          pad(indent + 4);
          out.append(s, start, nl - start);
          out += '\n';
          start = nl + 1;
        }
        pad(indent);
        out += "EOT";
        return;
      }
      default:
        out += v.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }

  void object(const json& v, size_t indent) {
    size_t width = 0;
    for (const auto& [k, item] : v.items())
      if (!item.is_null()) width = std::max(width, key_text(k).size());
    if (width == 0) {
      out += "{}";
      return;
    }
    out += "{\n";
    for (const auto& [k, item] : v.items()) {
      if (item.is_null()) continue;
      std::string shown = key_text(k);
      pad(indent + 4);
      out += shown;
      pad(width - shown.size());
      out += " = ";
      path.push_back(k);
      value(item, indent + 4);
      path.erase(path.size() - 1);
      out += '\n';
    }
    pad(indent);
    out += '}';
  }

  void array(const json& v, size_t indent) {
    if (v.empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (size_t i = 0; i < v.size(); ++i) {
      pad(indent + 4);
      path.push_back(i);
      value(v[i], indent + 4);
      path.erase(path.size() - 1);
      out += ",\n";
    }
    pad(indent);
    out += ']';
  }
};

}  // namespace

bool is_sensitive_path(const json& sensitive_paths, const json& path) {
  if (!sensitive_paths.is_array() || !path.is_array()) return false;
  for (const json& p : sensitive_paths) {
    if (!p.is_array() || p.size() > path.size()) continue;
    bool prefix = true;
    for (size_t i = 0; i < p.size() && prefix; ++i) prefix = p[i] == path[i];
    if (prefix) return true;
  }
  return false;
}

std::string render_instance(const InstanceState& inst) {
  Renderer r;
  if (inst.sensitive_paths.is_array())
    for (const json& p : inst.sensitive_paths) r.sensitive.insert(p);
  const ResourceAddr& res = inst.addr.resource;
  r.out = "# " + inst.addr.to_string() + ":" + (inst.tainted ? " (tainted)" : "") + "\n";
  r.out += res.mode == ResourceMode::Data ? "data " : "resource ";
  r.out += quote(res.type);
  r.out += ' ';
  r.out += quote(res.name);
  r.out += ' ';
  r.value(inst.attributes.is_null() ? json::object() : inst.attributes, 0);
  r.out += '\n';
  return r.out;
}

}  // namespace fedplan
