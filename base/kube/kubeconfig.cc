// Kubeconfig parsing with yaml-cpp, following kubectl's rules for what a context resolves to.
#include "base/kube/kubeconfig.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <unordered_set>
#include <vector>

#include "base/base64.h"
#include "base/files.h"

namespace fedplan::kube {
namespace {

// Collects the facts needed for error messages while walking one file.
struct Walker {
  std::string path;

  std::string where(const YAML::Node& n) const {
    if (n && n.Mark().line >= 0) return path + ":" + std::to_string(n.Mark().line + 1);
    return path;
  }
  std::string resolve(const std::string& file) const {
    std::filesystem::path p(file);
    if (p.is_absolute() || path.empty()) return file;
    return (std::filesystem::path(path).parent_path() / p).string();
  }
};

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

// Finds the entry called `name` in a named list (clusters, users, contexts).
std::optional<YAML::Node> find_named(const YAML::Node& list, const std::string& name) {
  if (!list || !list.IsSequence()) return std::nullopt;
  for (const YAML::Node& item : list)
    if (item.IsMap() && scalar(item, "name") == name) return item;
  return std::nullopt;
}

std::string names_of(const YAML::Node& list) {
  std::string out;
  if (!list || !list.IsSequence()) return "none";
  for (const YAML::Node& item : list) {
    if (!item.IsMap()) continue;
    if (!out.empty()) out += ", ";
    out += "\"" + scalar(item, "name") + "\"";
  }
  return out.empty() ? "none" : out;
}

// Data given inline (base64) or as a file; returns false and sets *err when it cannot be read.
bool data_or_file(const Walker& w, const YAML::Node& n, const char* data_key, const char* file_key,
                  const std::string& what, std::string* out, std::string* err) {
  std::string data = scalar(n, data_key);
  if (!data.empty()) {
    std::optional<std::string> d = base64_decode(data);
    if (!d) {
      *err = w.where(n[data_key]) + ": " + what + ": " + data_key + " is not valid base64";
      return false;
    }
    *out = *d;
    return true;
  }
  std::string file = scalar(n, file_key);
  if (file.empty()) return true;
  std::string read_err;
  if (!read_file(w.resolve(file), out, &read_err)) {
    *err = w.where(n[file_key]) + ": " + what + ": " + file_key + ": " + read_err;
    return false;
  }
  return true;
}

const char* kind_name(const YAML::Node& n) {
  return n.IsSequence() ? "a list" : n.IsMap() ? "a mapping" : "not a string";
}

// The string fields of each section's entries. yaml-cpp reads a list or mapping given for one
// as absent, so `token: [a]` would silently mean "no token": every one is checked up front.
struct StringFields {
  const char* section;  // clusters, users, contexts
  const char* entry;    // cluster, user, context
  std::vector<const char*> fields;
};

const StringFields kStringFields[] = {
    {"clusters",
     "cluster",
     {"server", "certificate-authority", "certificate-authority-data", "insecure-skip-tls-verify",
      "tls-server-name", "proxy-url"}},
    {"users",
     "user",
     {"token", "tokenFile", "client-certificate", "client-certificate-data", "client-key",
      "client-key-data"}},
    {"contexts", "context", {"cluster", "user", "namespace"}},
};

// The first field of the file that should be a string and is a list or mapping, or "".
std::string check_string_fields(const Walker& w, const YAML::Node& root) {
  auto bad = [](const YAML::Node& v) { return v && !v.IsScalar() && !v.IsNull(); };
  if (const YAML::Node cc = root["current-context"]; bad(cc))
    return w.where(cc) + ": current-context must be a string, not " + kind_name(cc);
  for (const StringFields& sf : kStringFields) {
    const YAML::Node list = root[sf.section];
    if (!list || !list.IsSequence()) continue;
    for (const YAML::Node& item : list) {
      if (!item.IsMap()) continue;
      if (const YAML::Node name = item["name"]; bad(name))
        return w.where(name) + ": " + sf.section + ": name must be a string, not " +
               kind_name(name);
      const YAML::Node body = item[sf.entry];
      if (!body || !body.IsMap()) continue;
      for (const char* field : sf.fields)
        if (const YAML::Node v = body[field]; bad(v))
          return w.where(v) + ": " + sf.entry + " \"" + scalar(item, "name") + "\": " + field +
                 " must be a string, not " + kind_name(v);
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

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

KubeconfigResult parse_kubeconfig(const std::string& text, const std::string& path,
                                  const std::string& context) {
  KubeconfigResult r;
  Walker w{path};
  const std::string label = "kubeconfig " + path;
  YAML::Node loaded;
  try {
    loaded = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp says only "bad file"; a kubeconfig nests a handful of levels.
    r.error = label + ":" + std::to_string(e.mark.line + 1) + ":" +
              std::to_string(e.mark.column + 1) + ": not a kubeconfig: collections nested more " +
              "than " + std::to_string(e.depth() - 1) + " levels deep";
    return r;
  } catch (const YAML::Exception& e) {
    r.error = label + ":" + std::to_string(e.mark.line + 1) + ":" +
              std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg;
    return r;
  }
  const YAML::Node root = loaded;
  std::unordered_set<int> seen;
  if (std::string at = unterminated_quote(text, root, &seen); !at.empty()) {
    r.error = label + ":" + at + ": not valid YAML: a quoted string is not closed";
    return r;
  }
  if (!root.IsMap()) {
    r.error = label + ": not a kubeconfig (expected a mapping with clusters, users, contexts)";
    return r;
  }
  if (std::string err = check_string_fields(w, root); !err.empty()) {
    r.error = err;
    return r;
  }
  std::string ctx_name = context.empty() ? scalar(root, "current-context") : context;
  if (ctx_name.empty()) {
    r.error = label + ": no context given and no current-context set (contexts: " +
              names_of(root["contexts"]) + ")";
    return r;
  }
  std::optional<YAML::Node> ctx_found = find_named(root["contexts"], ctx_name);
  if (!ctx_found) {
    r.error = label + ": context \"" + ctx_name +
              "\" not found (contexts: " + names_of(root["contexts"]) + ")";
    return r;
  }
  const YAML::Node ctx_entry = *ctx_found;
  const YAML::Node ctx = ctx_entry["context"];
  if (!ctx || !ctx.IsMap()) {
    r.error = w.where(ctx_entry) + ": context \"" + ctx_name + "\" has no context mapping";
    return r;
  }
  r.access.source = label + " (context \"" + ctx_name + "\")";
  if (std::string ns = scalar(ctx, "namespace"); !ns.empty()) r.access.default_namespace = ns;

  // The cluster: server, CA, insecure flag, TLS server name.
  std::string cluster_name = scalar(ctx, "cluster");
  std::optional<YAML::Node> cluster_found = find_named(root["clusters"], cluster_name);
  if (cluster_name.empty() || !cluster_found || !(*cluster_found)["cluster"].IsMap()) {
    r.error = w.where(ctx) + ": context \"" + ctx_name + "\" names cluster \"" + cluster_name +
              "\", which is not defined (clusters: " + names_of(root["clusters"]) + ")";
    return r;
  }
  const YAML::Node cluster = (*cluster_found)["cluster"];
  const std::string cluster_what = "cluster \"" + cluster_name + "\"";
  std::string server = scalar(cluster, "server");
  if (server.empty()) {
    r.error = w.where(cluster) + ": " + cluster_what + " has no server";
    return r;
  }
  while (!server.empty() && server.back() == '/') server.pop_back();
  if (server.rfind("https://", 0) != 0 && server.rfind("http://", 0) != 0) {
    r.error = w.where(cluster["server"]) + ": " + cluster_what + ": server \"" + server +
              "\" must start with https:// or http://";
    return r;
  }
  r.access.server = server;
  if (!data_or_file(w, cluster, "certificate-authority-data", "certificate-authority", cluster_what,
                    &r.access.tls.ca_pem, &r.error))
    return r;
  r.access.tls.insecure_skip_verify = truthy(cluster, "insecure-skip-tls-verify");
  if (r.access.tls.insecure_skip_verify && !r.access.tls.ca_pem.empty()) {
    r.error = w.where(cluster) + ": " + cluster_what +
              " sets both a certificate authority and insecure-skip-tls-verify; kubectl refuses "
              "this too: remove one of them";
    return r;
  }
  r.access.tls.server_name = scalar(cluster, "tls-server-name");
  if (!scalar(cluster, "proxy-url").empty()) {
    r.error = w.where(cluster["proxy-url"]) + ": " + cluster_what +
              " uses proxy-url, which fedplan does not support";
    return r;
  }

  // The user: token or tokenFile, client certificate and key.
  std::string user_name = scalar(ctx, "user");
  if (user_name.empty()) return r;  // anonymous
  std::optional<YAML::Node> user_found = find_named(root["users"], user_name);
  if (!user_found) {
    r.error = w.where(ctx) + ": context \"" + ctx_name + "\" names user \"" + user_name +
              "\", which is not defined (users: " + names_of(root["users"]) + ")";
    return r;
  }
  const YAML::Node user_entry = *user_found;
  const YAML::Node user = user_entry["user"];
  if (!user || user.IsNull()) return r;
  if (!user.IsMap()) {
    r.error = w.where(user_entry) + ": user \"" + user_name + "\" is not a mapping";
    return r;
  }
  const std::string user_what = "user \"" + user_name + "\"";
  const char* unsupported = nullptr;
  if (user["exec"])
    unsupported = "an exec credential plugin (exec)";
  else if (user["auth-provider"])
    unsupported = "an auth-provider plugin (auth-provider)";
  else if (user["username"] || user["password"])
    unsupported = "basic authentication (username/password)";
  if (unsupported) {
    r.error = w.where(user_entry) + ": " + user_what + " uses " + unsupported +
              ", which fedplan does not support; use a user with a token, a tokenFile or a "
              "client certificate (for example a ServiceAccount token)";
    return r;
  }
  r.access.token = scalar(user, "token");
  if (std::string file = scalar(user, "tokenFile"); !file.empty()) {
    // As in client-go, a readable tokenFile takes precedence over an inline token.
    std::string text, err;
    if (!read_file(w.resolve(file), &text, &err)) {
      r.error = w.where(user["tokenFile"]) + ": " + user_what + ": tokenFile: " + err;
      return r;
    }
    r.access.token = trim(text);
  }
  if (!data_or_file(w, user, "client-certificate-data", "client-certificate", user_what,
                    &r.access.tls.client_cert_pem, &r.error) ||
      !data_or_file(w, user, "client-key-data", "client-key", user_what,
                    &r.access.tls.client_key_pem, &r.error))
    return r;
  bool has_cert = !r.access.tls.client_cert_pem.empty();
  bool has_key = !r.access.tls.client_key_pem.empty();
  if (has_cert != has_key) {
    r.error = w.where(user_entry) + ": " + user_what + " has a client " +
              (has_cert ? "certificate but no client key" : "key but no client certificate");
    return r;
  }
  return r;
}

KubeconfigResult load_kubeconfig(const std::string& path, const std::string& context) {
  KubeconfigResult r;
  std::string text, err;
  if (!read_file(path, &text, &err)) {
    r.error = "kubeconfig: " + err;
    return r;
  }
  return parse_kubeconfig(text, path, context);
}

}  // namespace fedplan::kube
