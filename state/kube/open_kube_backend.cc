// The kube backend's settings: where the cluster is (a kubeconfig, or host with a token and CA),
// which namespace and names hold the state, and the lock's lease, each checked before use.
#include <cmath>

#include "base/http/beast_transport.h"
#include "base/kube/kubeconfig.h"
#include "state/kube/kube_backend.h"

namespace fedplan {

namespace {

// Where a setting came from, for ClusterAccess::source: "host (main.fed.hcl:3:5)".
std::string origin_of(const BackendConfig& config, const std::string& key) {
  auto it = config.settings.find(key);
  return it == config.settings.end() ? key : key + " (" + it->second.origin + ")";
}

// The cluster the settings name; false after an error naming the setting.
bool read_access(const BackendConfig& config, SettingsReader& s, const std::string& config_dir,
                 kube::ClusterAccess* access) {
  std::optional<std::string> path = s.path("config_path", config_dir);
  std::optional<std::string> context = s.string("config_context");
  std::optional<std::string> host = s.string("host");
  std::optional<std::string> token = s.string("token");
  std::optional<bool> insecure = s.boolean("insecure");
  std::optional<std::string> ca = s.string("cluster_ca_certificate");
  if (!s.ok()) return false;
  if (path && host) {
    s.invalid("host",
              "Set either config_path (a kubeconfig, with config_context) or host (with "
              "token and cluster_ca_certificate), not both.");
    return false;
  }
  if (path) {
    for (const char* other : {"token", "cluster_ca_certificate", "insecure"})
      if (config.settings.count(other)) {
        s.invalid(other, std::string(other) +
                             " goes with host; with config_path the cluster and credentials "
                             "come from the kubeconfig.");
        return false;
      }
    kube::KubeconfigResult k = kube::load_kubeconfig(*path, context.value_or(""));
    if (!k.ok()) {
      s.invalid("config_path", k.error + ".");
      return false;
    }
    *access = std::move(k.access);
    access->source += " (the kube backend's " + origin_of(config, "config_path") + ")";
    return true;
  }
  if (!host) {
    s.invalid("config_path", "The kube backend needs config_path (a kubeconfig file) or host.");
    return false;
  }
  if (context) {
    s.invalid("config_context", "config_context goes with config_path, not with host.");
    return false;
  }
  std::string server = *host;
  while (!server.empty() && server.back() == '/') server.pop_back();
  if (server.rfind("https://", 0) != 0 && server.rfind("http://", 0) != 0) {
    s.invalid("host", "host " + *host + " must start with https:// or http://.");
    return false;
  }
  if (ca && insecure.value_or(false)) {
    s.invalid("insecure", "Set either cluster_ca_certificate or insecure = true, not both.");
    return false;
  }
  access->server = server;
  access->token = token.value_or("");
  access->tls.ca_pem = ca.value_or("");
  access->tls.insecure_skip_verify = insecure.value_or(false);
  access->source = "the kube backend's " + origin_of(config, "host") +
                   (ca ? " and " + origin_of(config, "cluster_ca_certificate") : "");
  return true;
}

}  // namespace

std::unique_ptr<KubeBackend> open_kube_backend(const BackendConfig& config,
                                               const BackendContext& context, Diagnostics& diags) {
  SettingsReader s(config, diags);
  KubeBackendSettings settings;
  settings.names.ns = s.string("namespace").value_or("default");
  settings.names.workspace = config.workspace;
  std::optional<std::string> suffix = s.string("secret_suffix");
  std::vector<std::string> labels = s.strings("labels").value_or(std::vector<std::string>{});
  std::optional<std::chrono::milliseconds> duration = s.duration("lock_duration");
  bool have_access = read_access(config, s, context.config_dir, &settings.access);
  if (!s.finish() || !have_access) return nullptr;
  if (!suffix || suffix->empty()) {
    s.invalid("secret_suffix",
              "The kube backend needs secret_suffix: it tells this configuration's state apart "
              "from others in the namespace (the state is Secret fedplan-state-WORKSPACE-SUFFIX).");
    return nullptr;
  }
  settings.names.suffix = *suffix;
  for (const std::string& item : labels) {
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      s.invalid("labels", "Each label is KEY=VALUE; " + item + " is not.");
      return nullptr;
    }
    settings.names.labels[item.substr(0, eq)] = item.substr(eq + 1);
  }
  if (duration) {
    if (duration->count() % 1000 != 0 || *duration < std::chrono::seconds(3) ||
        *duration > std::chrono::hours(1)) {
      s.invalid("lock_duration",
                "lock_duration is a whole number of seconds from 3s to 1h "
                "(the Lease's leaseDurationSeconds).");
      return nullptr;
    }
    settings.lock_duration = std::chrono::duration_cast<std::chrono::seconds>(*duration);
  }
  if (std::string why = settings.names.check(); !why.empty()) {
    std::string key = why.rfind("namespace", 0) == 0 ? "namespace"
                      : why.rfind("labels", 0) == 0  ? "labels"
                                                     : "secret_suffix";
    s.invalid(key, why + ".");
    return nullptr;
  }
  std::string err;
  BeastTransportOptions transport_options;
  transport_options.proxy = settings.access.proxy;  // proxy-url or the proxy variables
  std::shared_ptr<HttpTransport> inner =
      make_beast_transport(settings.access.tls, transport_options, &err);
  if (!inner) {
    diags.error("Invalid kube backend TLS settings",
                err + " (from " + settings.access.source + ").");
    return nullptr;
  }
  auto backend =
      std::make_unique<KubeBackend>(std::move(settings), inner, context.clock, context.cipher);
  if (!backend->check_access(diags)) return nullptr;
  return backend;
}

}  // namespace fedplan
