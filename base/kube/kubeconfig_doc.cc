// Reading one kubeconfig file: YAML errors with positions, and every field checked for its kind
// and name, since yaml-cpp reads a list given for a string as absent.
#include "base/kube/kubeconfig_doc.h"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "base/suggest.h"

namespace fedplan::kube {
namespace {

enum class Kind { String, Bool, StringList, StringListMap, Map, Any };

struct FieldSpec {
  const char* name;
  Kind kind;
};

// The fields of each section's entries, as client-go's v1 Config knows them.
struct SectionSpec {
  const char* section;  // clusters, users, contexts
  const char* entry;    // cluster, user, context
  std::vector<FieldSpec> fields;
};

const SectionSpec kSections[] = {
    {"clusters",
     "cluster",
     {{"server", Kind::String},
      {"certificate-authority", Kind::String},
      {"certificate-authority-data", Kind::String},
      {"insecure-skip-tls-verify", Kind::Bool},
      {"tls-server-name", Kind::String},
      {"proxy-url", Kind::String},
      {"disable-compression", Kind::Bool},
      {"extensions", Kind::Any}}},
    {"users",
     "user",
     {{"token", Kind::String},
      {"tokenFile", Kind::String},
      {"client-certificate", Kind::String},
      {"client-certificate-data", Kind::String},
      {"client-key", Kind::String},
      {"client-key-data", Kind::String},
      {"as", Kind::String},
      {"as-uid", Kind::String},
      {"as-groups", Kind::StringList},
      {"as-user-extra", Kind::StringListMap},
      {"username", Kind::String},
      {"password", Kind::String},
      {"exec", Kind::Map},
      {"auth-provider", Kind::Map},
      {"extensions", Kind::Any}}},
    {"contexts",
     "context",
     {{"cluster", Kind::String},
      {"user", Kind::String},
      {"namespace", Kind::String},
      {"extensions", Kind::Any}}},
};

const std::vector<std::string> kTopLevel = {"apiVersion",  "kind",      "clusters",
                                            "users",       "contexts",  "current-context",
                                            "preferences", "extensions"};

const char* kind_name(const YAML::Node& n) {
  return n.IsSequence() ? "a list" : n.IsMap() ? "a mapping" : "a string";
}

bool is_bool(const YAML::Node& n) {
  if (!n.IsScalar()) return false;
  static const std::unordered_set<std::string> words = {"true",  "True",  "TRUE",
                                                        "false", "False", "FALSE"};
  return words.count(n.Scalar()) > 0;
}

bool string_list(const YAML::Node& n) {
  if (!n.IsSequence()) return false;
  for (const YAML::Node& item : n)
    if (!item.IsScalar()) return false;
  return true;
}

// Why `v` is not of `kind`, or "".
std::string kind_problem(const YAML::Node& v, Kind kind) {
  if (!v || v.IsNull()) return "";
  switch (kind) {
    case Kind::String:
      return v.IsScalar() ? "" : std::string("must be a string, not ") + kind_name(v);
    case Kind::Bool:
      return is_bool(v) ? "" : "must be true or false";
    case Kind::StringList:
      return string_list(v) ? "" : "must be a list of strings";
    case Kind::StringListMap:
      if (v.IsMap()) {
        bool good = true;
        for (const auto& kv : v) good = good && kv.first.IsScalar() && string_list(kv.second);
        if (good) return "";
      }
      return "must be a mapping from keys to lists of strings";
    case Kind::Map:
      return v.IsMap() ? "" : std::string("must be a mapping, not ") + kind_name(v);
    case Kind::Any:
      return "";
  }
  return "";
}

std::string unknown_field(const std::string& key, const std::vector<std::string>& known) {
  std::string s = "unknown field \"" + key + "\"";
  if (std::optional<std::string> near = suggest(key, known))
    s += " (did you mean \"" + *near + "\"?)";
  return s;
}

// The first field of the file that is unknown or of the wrong kind, or "".
std::string check_fields(const KubeconfigDoc& d) {
  std::vector<std::string> known_top = kTopLevel;
  for (const auto& kv : d.root) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (std::find(known_top.begin(), known_top.end(), key) == known_top.end())
      return d.where(kv.first) + ": " + unknown_field(key, known_top);
  }
  if (const YAML::Node cc = d.root["current-context"]; cc && !cc.IsScalar() && !cc.IsNull())
    return d.where(cc) + ": current-context must be a string, not " + kind_name(cc);
  for (const SectionSpec& sec : kSections) {
    const YAML::Node list = d.root[sec.section];
    if (!list || list.IsNull()) continue;
    if (!list.IsSequence())
      return d.where(list) + ": " + sec.section + " must be a list, not " + kind_name(list);
    std::vector<std::string> names;
    for (const FieldSpec& f : sec.fields) names.push_back(f.name);
    std::vector<std::string> entry_keys = {"name", sec.entry};
    std::unordered_set<std::string> seen;
    for (const YAML::Node& item : list) {
      if (!item.IsMap())
        return d.where(item) + ": each of " + sec.section + " must be a mapping with name and " +
               sec.entry;
      const YAML::Node name = item["name"];
      if (!name || !name.IsScalar() || name.Scalar().empty())
        return d.where(item) + ": " + sec.section + ": an entry has no name" +
               (name && !name.IsScalar() ? std::string(" (name is ") + kind_name(name) + ")" : "");
      if (!seen.insert(name.Scalar()).second)
        return d.where(name) + ": " + sec.entry + " \"" + name.Scalar() +
               "\" is defined twice in this file";
      for (const auto& kv : item) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        if (key != "name" && key != sec.entry)
          return d.where(kv.first) + ": " + sec.entry + " \"" + name.Scalar() +
                 "\": " + unknown_field(key, entry_keys);
      }
      const YAML::Node body = item[sec.entry];
      if (!body || body.IsNull()) continue;
      if (!body.IsMap())
        return d.where(body) + ": " + sec.entry + " \"" + name.Scalar() + "\": " + sec.entry +
               " must be a mapping, not " + kind_name(body);
      for (const auto& kv : body) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        auto spec = std::find_if(sec.fields.begin(), sec.fields.end(),
                                 [&](const FieldSpec& f) { return key == f.name; });
        std::string what = std::string(sec.entry) + " \"" + name.Scalar() + "\": ";
        if (spec == sec.fields.end())
          return d.where(kv.first) + ": " + what + unknown_field(key, names);
        if (std::string p = kind_problem(kv.second, spec->kind); !p.empty())
          return d.where(kv.second) + ": " + what + key + " " + p;
      }
    }
  }
  return "";
}

// The first quoted scalar with no closing quote, as "LINE:COL", or "". yaml-cpp ends such a
// scalar at the end of the file instead of failing, so a missing quote would swallow the rest
// of the file into one value. `seen` holds the collections visited, by where they start: an
// alias leads back to its anchor's node (even to a node it is inside of), which is walked once.
std::string unterminated_quote(const std::string& text, const YAML::Node& n,
                               std::unordered_set<int>* seen) {
  const YAML::Mark m = n.Mark();
  if (n.IsMap() || n.IsSequence()) {
    if (!seen->insert(m.pos).second) return "";
    for (const auto& item : n) {
      std::string at = n.IsMap() ? unterminated_quote(text, item.first, seen) : "";
      if (at.empty()) at = unterminated_quote(text, n.IsMap() ? item.second : item, seen);
      if (!at.empty()) return at;
    }
    return "";
  }
  if (!n.IsScalar() || m.is_null() || m.pos < 0 || static_cast<size_t>(m.pos) >= text.size())
    return "";
  char q = text[m.pos];
  if (q != '"' && q != '\'') return "";
  for (size_t i = m.pos + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside a single-quoted scalar
        continue;
      }
      return "";
    }
  }
  return std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

}  // namespace

std::string KubeconfigDoc::where(const YAML::Node& n) const {
  if (n && n.Mark().line >= 0)
    return path + ":" + std::to_string(n.Mark().line + 1) + ":" +
           std::to_string(n.Mark().column + 1);
  return path;
}

std::string KubeconfigDoc::resolve(const std::string& file, const EnvLookup& env) const {
  std::string expanded = expand_home(file, env);
  std::filesystem::path p(expanded);
  if (p.is_absolute() || path.empty()) return expanded;
  return (std::filesystem::path(path).parent_path() / p).string();
}

std::optional<YAML::Node> KubeconfigDoc::find(const char* section, const std::string& name) const {
  const YAML::Node list = root[section];
  if (!list || !list.IsSequence()) return std::nullopt;
  for (const YAML::Node& item : list)
    if (item.IsMap() && scalar(item, "name") == name) return item;
  return std::nullopt;
}

std::string scalar(const YAML::Node& n, const char* key) {
  YAML::Node v = n[key];
  if (!v || !v.IsScalar()) return "";
  return v.as<std::string>();
}

bool truthy(const YAML::Node& n, const char* key) {
  YAML::Node v = n[key];
  if (!v || !v.IsScalar()) return false;
  std::string s = v.as<std::string>();
  return s == "true" || s == "True" || s == "TRUE";
}

std::string names_in(const std::vector<KubeconfigDoc>& docs, const char* section) {
  std::string out;
  std::unordered_set<std::string> seen;
  for (const KubeconfigDoc& d : docs) {
    const YAML::Node list = d.root[section];
    if (!list || !list.IsSequence()) continue;
    for (const YAML::Node& item : list) {
      if (!item.IsMap() || !seen.insert(scalar(item, "name")).second) continue;
      if (!out.empty()) out += ", ";
      out += "\"" + scalar(item, "name") + "\"";
    }
  }
  return out.empty() ? "none" : out;
}

bool parse_kubeconfig_doc(const std::string& text, const std::string& path, KubeconfigDoc* doc,
                          std::string* err) {
  const std::string label = "kubeconfig " + path;
  YAML::Node loaded;
  try {
    loaded = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp says only "bad file"; a kubeconfig nests a handful of levels.
    *err = label + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
           ": not a kubeconfig: collections nested more " + "than " +
           std::to_string(e.depth() - 1) + " levels deep";
    return false;
  } catch (const YAML::Exception& e) {
    *err = label + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
           ": not valid YAML: " + e.msg;
    return false;
  }
  std::unordered_set<int> seen;
  if (std::string at = unterminated_quote(text, loaded, &seen); !at.empty()) {
    *err = label + ":" + at + ": not valid YAML: a quoted string is not closed";
    return false;
  }
  doc->path = path;
  doc->root = loaded;
  if (loaded.IsNull()) {
    doc->root = YAML::Node(YAML::NodeType::Map);  // an empty file is an empty kubeconfig
    return true;
  }
  if (!loaded.IsMap()) {
    *err = label + ": not a kubeconfig (expected a mapping with clusters, users, contexts)";
    return false;
  }
  if (std::string problem = check_fields(*doc); !problem.empty()) {
    *err = "kubeconfig " + problem;
    return false;
  }
  return true;
}

}  // namespace fedplan::kube
