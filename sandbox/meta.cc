// Metadata helpers: times, UIDs, Kubernetes name rules and selector parsing.
#include "sandbox/meta.h"

#include <cstdio>
#include <cstring>
#include <ctime>

namespace fedplan::sandbox {

using nlohmann::json;

std::string rfc3339(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool parse_rfc3339(const std::string& s, std::chrono::system_clock::time_point* out) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    return false;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  *out = std::chrono::system_clock::from_time_t(timegm(&tm));
  return true;
}

std::string human_duration(std::chrono::seconds d) {
  long long s = d.count();
  if (s < 0) s = 0;
  char buf[32];
  if (s < 120) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 600) {
    if (s % 60)
      std::snprintf(buf, sizeof buf, "%lldm%llds", s / 60, s % 60);
    else
      std::snprintf(buf, sizeof buf, "%lldm", s / 60);
  } else if (s < 3 * 3600) {
    std::snprintf(buf, sizeof buf, "%lldm", s / 60);
  } else if (s < 8 * 3600) {
    long long m = (s / 60) % 60;
    if (m)
      std::snprintf(buf, sizeof buf, "%lldh%lldm", s / 3600, m);
    else
      std::snprintf(buf, sizeof buf, "%lldh", s / 3600);
  } else if (s < 48 * 3600) {
    std::snprintf(buf, sizeof buf, "%lldh", s / 3600);
  } else if (s < 8 * 86400) {
    long long h = (s / 3600) % 24;
    if (h)
      std::snprintf(buf, sizeof buf, "%lldd%lldh", s / 86400, h);
    else
      std::snprintf(buf, sizeof buf, "%lldd", s / 86400);
  } else if (s < 2 * 365 * 86400) {
    std::snprintf(buf, sizeof buf, "%lldd", s / 86400);
  } else {
    std::snprintf(buf, sizeof buf, "%lldy", s / (365 * 86400));
  }
  return buf;
}

std::string new_uid(std::mt19937_64& rng) {
  uint64_t a = rng(), b = rng();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                (unsigned long long)(a >> 32), (unsigned long long)((a >> 16) & 0xffff),
                (unsigned long long)(a & 0xffff), (unsigned long long)(b >> 48),
                (unsigned long long)(b & 0xffffffffffffULL));
  return buf;
}

bool LabelSelector::matches(const json& labels) const {
  for (const LabelRequirement& r : requirements) {
    const json* v = labels.is_object() && labels.contains(r.key) ? &labels[r.key] : nullptr;
    std::string value = v && v->is_string() ? v->get<std::string>() : "";
    bool has = v != nullptr;
    bool in = false;
    for (const std::string& x : r.values)
      if (has && x == value) in = true;
    if (r.op == "exists" && !has) return false;
    if (r.op == "!" && has) return false;
    if ((r.op == "=" || r.op == "==" || r.op == "in") && !in) return false;
    if ((r.op == "!=" || r.op == "notin") && in) return false;
  }
  return true;
}

namespace {
std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t");
  return s.substr(a, b - a + 1);
}

// Splits on commas outside parentheses.
std::vector<std::string> split_terms(const std::string& text) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}
}  // namespace

bool parse_label_selector(const std::string& text, LabelSelector* out, std::string* err) {
  out->requirements.clear();
  if (trim(text).empty()) return true;
  for (std::string term : split_terms(text)) {
    term = trim(term);
    if (term.empty()) {
      *err = "found '', expected: !, identifier, or 'end of string'";
      return false;
    }
    LabelRequirement r;
    size_t sp = term.find(' ');
    if (term[0] == '!') {
      r.key = trim(term.substr(1));
      r.op = "!";
    } else if (sp != std::string::npos && (term.find(" in ") != std::string::npos ||
                                           term.find(" notin ") != std::string::npos)) {
      r.key = term.substr(0, sp);
      std::string rest = trim(term.substr(sp));
      r.op = rest.rfind("notin", 0) == 0 ? "notin" : "in";
      rest = trim(rest.substr(r.op.size()));
      if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') {
        *err = "unable to parse requirement: found '" + rest + "', expected: '('";
        return false;
      }
      for (std::string v : split_terms(rest.substr(1, rest.size() - 2)))
        if (!trim(v).empty()) r.values.push_back(trim(v));
    } else if (size_t p = term.find("!="); p != std::string::npos) {
      r.key = trim(term.substr(0, p));
      r.op = "!=";
      r.values = {trim(term.substr(p + 2))};
    } else if (size_t q = term.find("=="); q != std::string::npos) {
      r.key = trim(term.substr(0, q));
      r.op = "==";
      r.values = {trim(term.substr(q + 2))};
    } else if (size_t e = term.find('='); e != std::string::npos) {
      r.key = trim(term.substr(0, e));
      r.op = "=";
      r.values = {trim(term.substr(e + 1))};
    } else {
      r.key = term;
      r.op = "exists";
    }
    if (std::string e = check_label_key(r.key); !e.empty()) {
      *err = "unable to parse requirement: values[0][" + r.key + "]: Invalid value: \"" + r.key +
             "\": " + e;
      return false;
    }
    for (const std::string& v : r.values)
      if (std::string e = check_label_value(v); !e.empty()) {
        *err = "unable to parse requirement: values[0][" + r.key + "]: Invalid value: \"" + v +
               "\": " + e;
        return false;
      }
    out->requirements.push_back(std::move(r));
  }
  return true;
}

const json* value_at(const json& obj, const std::string& dotted) {
  const json* cur = &obj;
  size_t start = dotted.size() && dotted[0] == '.' ? 1 : 0;
  while (start <= dotted.size()) {
    size_t dot = dotted.find('.', start);
    std::string part =
        dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object() || !cur->contains(part)) return nullptr;
    cur = &(*cur)[part];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return cur;
}

bool FieldSelector::matches(const json& obj) const {
  for (const FieldRequirement& r : requirements) {
    const json* v = value_at(obj, r.field);
    std::string s;
    if (v && v->is_string())
      s = v->get<std::string>();
    else if (v && !v->is_null())
      s = v->dump();
    if ((s == r.value) != r.equals) return false;
  }
  return true;
}

bool parse_field_selector(const std::string& text, FieldSelector* out, std::string* err) {
  out->requirements.clear();
  if (trim(text).empty()) return true;
  for (std::string term : split_terms(text)) {
    term = trim(term);
    FieldRequirement r;
    size_t p;
    if ((p = term.find("!=")) != std::string::npos) {
      r.field = term.substr(0, p);
      r.equals = false;
      r.value = term.substr(p + 2);
    } else if ((p = term.find("==")) != std::string::npos) {
      r.field = term.substr(0, p);
      r.value = term.substr(p + 2);
    } else if ((p = term.find('=')) != std::string::npos) {
      r.field = term.substr(0, p);
      r.value = term.substr(p + 1);
    } else {
      *err = "invalid selector: '" + text + "'; can't understand '" + term + "'";
      return false;
    }
    out->requirements.push_back(std::move(r));
  }
  return true;
}

std::string get_string(const json& obj, const char* key, const std::string& def) {
  if (!obj.is_object()) return def;
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : def;
}

int64_t get_int(const json& obj, const char* key, int64_t def) {
  if (!obj.is_object()) return def;
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int64_t>() : def;
}

bool get_bool(const json& obj, const char* key, bool def) {
  if (!obj.is_object()) return def;
  auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() ? it->get<bool>() : def;
}

const json& get_object(const json& obj, const char* key) {
  static const json empty = json::object();
  if (!obj.is_object()) return empty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : empty;
}

const json& get_array(const json& obj, const char* key) {
  static const json empty = json::array();
  if (!obj.is_object()) return empty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : empty;
}

}  // namespace fedplan::sandbox
