// Kubeconfig resolution: the merged files' context, cluster and user turned into a ClusterAccess,
// each field checked, files read, an exec plugin run once, as client-go's clientcmd does.
#include "base/kube/kubeconfig.h"

#include <algorithm>
#include <unordered_set>

#include "base/base64.h"
#include "base/files.h"
#include "base/kube/exec_plugin.h"
#include "base/kube/kubeconfig_doc.h"
#include "base/kube/token_file.h"

namespace fedplan::kube {
namespace {

// An entry found in the first file that defines its name.
struct Found {
  const KubeconfigDoc* doc = nullptr;
  YAML::Node entry;  // {name, cluster|user|context}
  YAML::Node body;   // the cluster, user or context mapping (may be null)
};

std::optional<Found> find_first(const std::vector<KubeconfigDoc>& docs, const char* section,
                                const char* body_key, const std::string& name) {
  for (const KubeconfigDoc& d : docs)
    if (std::optional<YAML::Node> e = d.find(section, name)) return Found{&d, *e, (*e)[body_key]};
  return std::nullopt;
}

// What resolving needs at hand: the files, options, and the result being filled.
struct Resolver {
  const std::vector<KubeconfigDoc>& docs;
  const KubeconfigOptions& options;
  KubeconfigResult r;

  bool fail(std::string message) {
    r.error = std::move(message);
    return false;
  }

  // Data given inline (base64) or as a file.
  bool data_or_file(const Found& f, const char* data_key, const char* file_key,
                    const std::string& what, std::string* out) {
    std::string data = scalar(f.body, data_key);
    if (!data.empty()) {
      std::optional<std::string> d = base64_decode(data);
      if (!d)
        return fail("kubeconfig " + f.doc->where(f.body[data_key]) + ": " + what + ": " + data_key +
                    " is not valid base64");
      *out = *d;
      return true;
    }
    std::string file = scalar(f.body, file_key);
    if (file.empty()) return true;
    std::string read_err;
    if (!read_file(f.doc->resolve(file, options.env), out, &read_err))
      return fail("kubeconfig " + f.doc->where(f.body[file_key]) + ": " + what + ": " + file_key +
                  ": " + read_err);
    return true;
  }

  bool cluster(const Found& f, const std::string& name);
  bool user(const Found& f, const std::string& name, const Found& cluster);
  bool exec(const Found& f, const std::string& what, const Found& cluster);
};

bool Resolver::cluster(const Found& f, const std::string& name) {
  const std::string what = "cluster \"" + name + "\"";
  const std::string at = "kubeconfig " + f.doc->where(f.entry) + ": ";
  if (!f.body || !f.body.IsMap()) return fail(at + what + " has no cluster mapping");
  std::string server = scalar(f.body, "server");
  if (server.empty())
    return fail("kubeconfig " + f.doc->where(f.body) + ": " + what + " has no server");
  while (!server.empty() && server.back() == '/') server.pop_back();
  if (server.rfind("https://", 0) != 0 && server.rfind("http://", 0) != 0)
    return fail("kubeconfig " + f.doc->where(f.body["server"]) + ": " + what + ": server \"" +
                server + "\" must start with https:// or http://");
  r.access.server = server;
  if (!data_or_file(f, "certificate-authority-data", "certificate-authority", what,
                    &r.access.tls.ca_pem))
    return false;
  r.access.tls.insecure_skip_verify = truthy(f.body, "insecure-skip-tls-verify");
  if (r.access.tls.insecure_skip_verify && !r.access.tls.ca_pem.empty())
    return fail("kubeconfig " + f.doc->where(f.body) + ": " + what +
                " sets both a certificate authority and insecure-skip-tls-verify; kubectl refuses "
                "this too: remove one of them");
  r.access.tls.server_name = scalar(f.body, "tls-server-name");
  if (std::string proxy = scalar(f.body, "proxy-url"); !proxy.empty()) {
    std::string err;
    if (!parse_proxy_url(proxy, &err))
      return fail("kubeconfig " + f.doc->where(f.body["proxy-url"]) + ": " + what +
                  ": proxy-url: " + err);
    r.access.proxy.fixed = proxy;
  } else {
    r.access.proxy = proxy_from_env(options.env);
  }
  return true;
}

// A list of strings (already checked to be one) as a vector.
std::vector<std::string> strings_of(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n && n.IsSequence())
    for (const YAML::Node& item : n) out.push_back(item.Scalar());
  return out;
}

bool Resolver::exec(const Found& f, const std::string& what, const Found& cluster) {
  const YAML::Node e = f.body["exec"];
  auto at = [&](const YAML::Node& n) { return "kubeconfig " + f.doc->where(n) + ": " + what; };
  static const std::vector<std::string> known = {
      "apiVersion",         "command",        "args", "env", "installHint",
      "provideClusterInfo", "interactiveMode"};
  for (const auto& kv : e) {
    std::string key = kv.first.Scalar();
    if (std::find(known.begin(), known.end(), key) == known.end())
      return fail(at(kv.first) + ": exec: unknown field \"" + key + "\"");
    bool list = key == "args" || key == "env";
    if (list ? !kv.second.IsSequence() && !kv.second.IsNull() : !kv.second.IsScalar())
      return fail(at(kv.second) + ": exec: " + key + " must be " + (list ? "a list" : "a string"));
  }
  ExecConfig c;
  c.where = at(e);
  c.api_version = scalar(e, "apiVersion");
  const std::string v1 = "client.authentication.k8s.io/v1";
  if (c.api_version != v1 && c.api_version != v1 + "beta1")
    return fail(at(e["apiVersion"] ? e["apiVersion"] : e) + ": exec: apiVersion \"" +
                c.api_version + "\" is not supported: use " + v1 + " (or " + v1 +
                "beta1; v1alpha1 was removed in Kubernetes 1.24)");
  c.command = scalar(e, "command");
  if (c.command.empty()) return fail(at(e) + ": exec: command is missing");
  if (c.command.find('/') != std::string::npos) c.command = f.doc->resolve(c.command, options.env);
  for (const YAML::Node& a : e["args"]) {
    if (!a.IsScalar()) return fail(at(a) + ": exec: each of args must be a string");
    c.args.push_back(a.Scalar());
  }
  for (const YAML::Node& ev : e["env"]) {
    if (!ev.IsMap() || !ev["name"] || !ev["name"].IsScalar() || ev["name"].Scalar().empty() ||
        (ev["value"] && !ev["value"].IsScalar()) || ev.size() > 2)
      return fail(at(ev) + ": exec: each of env must be {name: NAME, value: VALUE}");
    c.env.emplace_back(ev["name"].Scalar(), scalar(ev, "value"));
  }
  c.install_hint = scalar(e, "installHint");
  if (e["provideClusterInfo"] && !truthy(e, "provideClusterInfo") &&
      scalar(e, "provideClusterInfo") != "false")
    return fail(at(e["provideClusterInfo"]) + ": exec: provideClusterInfo must be true or false");
  c.provide_cluster_info = truthy(e, "provideClusterInfo");
  std::string mode = scalar(e, "interactiveMode");
  if (mode.empty() && c.api_version == v1)
    return fail(at(e) + ": exec: interactiveMode must be set with " + v1 +
                " (Never, IfAvailable or Always), as kubectl requires");
  if (!mode.empty() && mode != "Never" && mode != "IfAvailable" && mode != "Always")
    return fail(at(e["interactiveMode"]) + ": exec: interactiveMode \"" + mode +
                "\" is not Never, IfAvailable or Always");
  if (!mode.empty()) c.interactive_mode = mode;
  ExecClusterInfo info;
  info.server = r.access.server;
  info.tls_server_name = r.access.tls.server_name;
  info.insecure_skip_tls_verify = r.access.tls.insecure_skip_verify;
  info.ca_pem = r.access.tls.ca_pem;
  info.proxy_url = scalar(cluster.body, "proxy-url");
  if (!options.runner)
    return fail(at(e) + ": exec plugins are not run here (no program runner was given)");
  auto plugin = std::make_shared<ExecPlugin>(c, info, options.runner, options.clock);
  ExecCredential cred;
  std::string err;
  if (!plugin->get("", &cred, &err)) return fail(err);
  if (!cred.client_cert_pem.empty()) {
    // The transport is built once with the client certificate: it is read at configure time.
    r.access.tls.client_cert_pem = cred.client_cert_pem;
    r.access.tls.client_key_pem = cred.client_key_pem;
  }
  if (!cred.token.empty()) r.access.token_source = ExecPlugin::token_source(plugin);
  return true;
}

bool Resolver::user(const Found& f, const std::string& name, const Found& cluster) {
  const std::string what = "user \"" + name + "\"";
  auto at = [&](const YAML::Node& n) { return "kubeconfig " + f.doc->where(n) + ": " + what; };
  if (!f.body || f.body.IsNull()) return true;  // an empty user: anonymous
  if (const YAML::Node ap = f.body["auth-provider"]) {
    std::string provider = scalar(ap, "name");
    std::string instead =
        provider == "gcp"     ? "gke-gcloud-auth-plugin (exec)"
        : provider == "azure" ? "kubelogin (exec, github.com/Azure/kubelogin)"
        : provider == "oidc" ? "an OIDC exec plugin such as kubelogin (github.com/int128/kubelogin)"
                             : "an exec credential plugin";
    return fail(at(ap) + ": auth-provider \"" + provider +
                "\" is not supported (kubectl dropped the gcp and azure ones in 1.26): use " +
                instead + ", or a token, tokenFile or client certificate");
  }
  bool has_exec = static_cast<bool>(f.body["exec"]);
  std::string token = scalar(f.body, "token");
  std::string token_file = scalar(f.body, "tokenFile");
  std::string username = scalar(f.body, "username");
  std::string password = scalar(f.body, "password");
  if (has_exec && (!token.empty() || !token_file.empty()))
    return fail(at(f.body["exec"]) + " sets both exec and a token; use one of them");
  if ((!username.empty() || !password.empty()) &&
      (!token.empty() || !token_file.empty() || has_exec))
    return fail(at(f.entry) +
                " sets both username/password and a token or exec plugin; kubectl "
                "refuses this too: use one of them");
  if (!username.empty() || !password.empty()) r.access.basic_auth = username + ":" + password;
  r.access.token = token;
  if (!token_file.empty()) {
    // As in client-go, a tokenFile wins over an inline token, and is read again when it changes.
    if (!file_token_source(f.doc->resolve(token_file, options.env),
                           at(f.body["tokenFile"]) + ": tokenFile", &r.access.token_source,
                           &r.error))
      return false;
    r.access.token = r.access.token_source("", &r.error);
  }
  if (!data_or_file(f, "client-certificate-data", "client-certificate", what,
                    &r.access.tls.client_cert_pem) ||
      !data_or_file(f, "client-key-data", "client-key", what, &r.access.tls.client_key_pem))
    return false;
  bool has_cert = !r.access.tls.client_cert_pem.empty();
  bool has_key = !r.access.tls.client_key_pem.empty();
  if (has_cert != has_key)
    return fail(at(f.entry) + " has a client " +
                (has_cert ? "certificate but no client key" : "key but no client certificate"));
  if (has_exec && has_cert)
    return fail(at(f.body["exec"]) + " sets both exec and a client certificate; use one of them");
  Impersonation& imp = r.access.impersonate;
  imp.user = scalar(f.body, "as");
  imp.uid = scalar(f.body, "as-uid");
  imp.groups = strings_of(f.body["as-groups"]);
  for (const auto& kv : f.body["as-user-extra"])
    imp.extra[kv.first.Scalar()] = strings_of(kv.second);
  if (imp.user.empty() && !imp.empty())
    return fail(at(f.body) +
                " sets as-uid, as-groups or as-user-extra without as: name the user "
                "to impersonate with as");
  if (has_exec && !exec(f, what, cluster)) return false;
  return true;
}

KubeconfigResult resolve(const std::vector<KubeconfigDoc>& docs, const std::string& label,
                         const KubeconfigSelection& sel, const KubeconfigOptions& options) {
  Resolver res{docs, options, {}};
  KubeconfigResult& r = res.r;
  std::string ctx_name = sel.context;
  for (const KubeconfigDoc& d : docs)
    if (ctx_name.empty()) ctx_name = scalar(d.root, "current-context");
  if (ctx_name.empty()) {
    r.error = label + ": no context given and no current-context set (contexts: " +
              names_in(docs, "contexts") + ")";
    return r;
  }
  std::optional<Found> ctx = find_first(docs, "contexts", "context", ctx_name);
  if (!ctx) {
    r.error = label + ": context \"" + ctx_name +
              "\" not found (contexts: " + names_in(docs, "contexts") + ")";
    return r;
  }
  const std::string ctx_at = "kubeconfig " + ctx->doc->where(ctx->body ? ctx->body : ctx->entry);
  if (!ctx->body || !ctx->body.IsMap()) {
    r.error = ctx_at + ": context \"" + ctx_name + "\" has no context mapping";
    return r;
  }
  r.access.source = "kubeconfig " + ctx->doc->path + " (context \"" + ctx_name + "\")";
  if (std::string ns = scalar(ctx->body, "namespace"); !ns.empty()) r.access.default_namespace = ns;

  std::string cluster_name = sel.cluster.empty() ? scalar(ctx->body, "cluster") : sel.cluster;
  std::optional<Found> cluster = find_first(docs, "clusters", "cluster", cluster_name);
  if (cluster_name.empty() || !cluster) {
    r.error = (sel.cluster.empty() ? ctx_at + ": context \"" + ctx_name + "\" names"
                                   : label + ": the selected") +
              " cluster \"" + cluster_name +
              "\", which is not defined (clusters: " + names_in(docs, "clusters") + ")";
    return r;
  }
  if (!res.cluster(*cluster, cluster_name)) return r;

  std::string user_name = sel.user.empty() ? scalar(ctx->body, "user") : sel.user;
  if (user_name.empty()) return r;  // anonymous
  std::optional<Found> user = find_first(docs, "users", "user", user_name);
  if (!user) {
    r.error = (sel.user.empty() ? ctx_at + ": context \"" + ctx_name + "\" names"
                                : label + ": the selected") +
              " user \"" + user_name +
              "\", which is not defined (users: " + names_in(docs, "users") + ")";
    return r;
  }
  res.user(*user, user_name, *cluster);
  return r;
}

std::string join(const std::vector<std::string>& paths) {
  std::string s;
  for (const std::string& p : paths) s += (s.empty() ? "" : ":") + p;
  return s;
}

}  // namespace

ProxySettings proxy_from_env(const EnvLookup& env) {
  auto pick = [&](const char* upper, const char* lower) {
    std::optional<std::string> v = env ? env(upper) : std::nullopt;
    if (!v || v->empty()) v = env ? env(lower) : std::nullopt;
    return v.value_or("");
  };
  ProxySettings p;
  p.https_proxy = pick("HTTPS_PROXY", "https_proxy");
  p.http_proxy = pick("HTTP_PROXY", "http_proxy");
  p.no_proxy = pick("NO_PROXY", "no_proxy");
  return p;
}

std::vector<std::string> kubeconfig_paths(const std::string& setting, const EnvLookup& env,
                                          bool* must_exist) {
  *must_exist = setting.find(':') == std::string::npos;
  if (*must_exist) return {expand_home(setting, env)};
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  size_t start = 0;
  while (start <= setting.size()) {
    size_t colon = setting.find(':', start);
    std::string p = setting.substr(start, colon == std::string::npos ? colon : colon - start);
    start = colon == std::string::npos ? setting.size() + 1 : colon + 1;
    if (p.empty()) continue;
    p = expand_home(p, env);
    if (seen.insert(p).second) out.push_back(p);
  }
  return out;
}

KubeconfigResult load_kubeconfig_files(const std::vector<std::string>& paths, bool must_exist,
                                       const KubeconfigSelection& selection,
                                       const KubeconfigOptions& options) {
  KubeconfigResult r;
  std::vector<KubeconfigDoc> docs;
  for (const std::string& path : paths) {
    std::string text;
    if (must_exist) {
      if (!read_file(path, &text, &r.error)) {
        r.error = "kubeconfig: " + r.error;
        return r;
      }
    } else {
      FileRead f = read_file_if_exists(path);
      if (!f.exists) continue;  // as client-go: a KUBECONFIG entry that does not exist is skipped
      if (!f.error.empty()) {
        r.error = "kubeconfig: " + f.error;
        return r;
      }
      text = std::move(f.content);
    }
    KubeconfigDoc d;
    if (!parse_kubeconfig_doc(text, path, &d, &r.error)) return r;
    docs.push_back(std::move(d));
  }
  if (docs.empty()) {
    r.error = "kubeconfig: none of " + join(paths) + " exists";
    return r;
  }
  return resolve(docs, "kubeconfig " + join(paths), selection, options);
}

KubeconfigResult parse_kubeconfig(const std::string& text, const std::string& path,
                                  const std::string& context, const KubeconfigOptions& options) {
  KubeconfigResult r;
  std::vector<KubeconfigDoc> docs(1);
  if (!parse_kubeconfig_doc(text, path, &docs[0], &r.error)) return r;
  KubeconfigSelection sel;
  sel.context = context;
  return resolve(docs, "kubeconfig " + path, sel, options);
}

KubeconfigResult load_kubeconfig(const std::string& path, const std::string& context,
                                 const KubeconfigOptions& options) {
  KubeconfigSelection sel;
  sel.context = context;
  return load_kubeconfig_files({path}, true, sel, options);
}

}  // namespace fedplan::kube
