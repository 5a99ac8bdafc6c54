// Golden comparisons: placeholders are replaced by unique tokens before parsing (a bare
// {{X}} is not valid YAML), then the tokens are replaced by the values with their types.
#include "tests/e2e/support/golden.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "base/files.h"
#include "base/yaml_json.h"
#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

namespace {

const std::string kToken = "__golden_";

nlohmann::json fill(const nlohmann::json& v, const std::map<std::string, std::string>& vars,
                    std::string* missing) {
  if (v.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = fill(it.value(), vars, missing);
    return out;
  }
  if (v.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& e : v) out.push_back(fill(e, vars, missing));
    return out;
  }
  if (!v.is_string()) return v;
  std::string s = v.get<std::string>();
  // Inside a block scalar (`|-`) the quotes added around the token are kept as text.
  if (s.size() > 2 && s.front() == '"' && s.back() == '"' && s.find(kToken) == 1)
    s = s.substr(1, s.size() - 2);
  static const std::regex token(kToken + "([A-Z0-9_]+)__");
  std::smatch m;
  if (std::regex_match(s, m, token)) {
    auto it = vars.find(m[1]);
    if (it == vars.end()) {
      *missing = m[1];
      return v;
    }
    const std::string& val = it->second;
    if (!val.empty() && val.find_first_not_of("0123456789") == std::string::npos)
      return std::stoll(val);
    return val;
  }
  std::string out;
  auto begin = std::sregex_iterator(s.begin(), s.end(), token);
  size_t last = 0;
  for (auto i = begin; i != std::sregex_iterator(); ++i) {
    out += s.substr(last, i->position() - last);
    auto it = vars.find((*i)[1]);
    if (it == vars.end()) *missing = (*i)[1];
    out += it == vars.end() ? i->str() : it->second;
    last = i->position() + i->length();
  }
  return out + s.substr(last);
}

std::string text_of(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

std::vector<nlohmann::json> load_golden_documents(const std::string& rel,
                                                  const std::map<std::string, std::string>& vars) {
  std::string raw;
  if (!read_file(source_dir() + "/tests/e2e/config-poc/" + rel, &raw, nullptr))
    return {{{"error", "cannot read config-poc/" + rel}}};
  // {{NAME}} -> "__golden_NAME__" (quoted so that YAML keeps it a string).
  std::string text =
      std::regex_replace(raw, std::regex(R"(\{\{([A-Z0-9_]+)\}\})"), "\"" + kToken + "$1__\"");
  YamlResult y = parse_yaml(text);
  if (!y.ok()) return {{{"error", "config-poc/" + rel + ": " + y.error}}};
  std::vector<nlohmann::json> out;
  for (const nlohmann::json& doc : y.docs) {
    if (doc.is_null()) continue;
    std::string missing;
    out.push_back(fill(doc, vars, &missing));
    if (!missing.empty())
      return {{{"error", "config-poc/" + rel + ": no value for {{" + missing + "}}"}}};
  }
  return out;
}

nlohmann::json load_golden(const std::string& rel, const std::map<std::string, std::string>& vars) {
  std::vector<nlohmann::json> docs = load_golden_documents(rel, vars);
  if (docs.size() != 1) return {{"error", "config-poc/" + rel + ": not one document"}};
  return docs[0];
}

std::vector<std::string> subset_mismatches(const nlohmann::json& want, const nlohmann::json& live,
                                           const std::string& path) {
  std::vector<std::string> out;
  std::string here = path.empty() ? "." : path;
  if (want.is_object()) {
    if (!live.is_object()) return {here + ": want an object, got " + live.dump()};
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (!live.contains(it.key())) {
        out.push_back(path + "." + it.key() + ": want " + it.value().dump() + ", got nothing");
        continue;
      }
      auto sub = subset_mismatches(it.value(), live[it.key()], path + "." + it.key());
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
  if (want.is_array()) {
    if (!live.is_array() || live.size() != want.size())
      return {here + ": want " + want.dump() + ", got " + live.dump()};
    for (size_t i = 0; i < want.size(); ++i) {
      auto sub = subset_mismatches(want[i], live[i], path + "[" + std::to_string(i) + "]");
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
  if (want == live || (!want.is_null() && !live.is_null() && text_of(want) == text_of(live)))
    return out;
  return {here + ": want " + want.dump() + ", got " + live.dump()};
}

}  // namespace fedplan::e2e
