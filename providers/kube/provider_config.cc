// The provider block: kubeconfig files (+ context, cluster, user), in_cluster, or host (+ token,
// ca_cert, client cert). Nothing is implied: each block says which cluster it means.
#include "providers/kube/provider_config.h"

#include <cmath>

#include "base/kube/in_cluster.h"
#include "providers/sdk/attrs.h"

namespace fedplan::kube {
namespace {

std::optional<KubeSettings> from_result(KubeconfigResult k, KubeSettings s, Diagnostics& diags) {
  if (!k.ok()) {
    diags.error("Invalid kubeconfig", k.error);
    return std::nullopt;
  }
  s.access = std::move(k.access);
  return s;
}

}  // namespace

std::optional<KubeSettings> read_provider_config(const Value& config, const KubeLookup& lookup,
                                                 Diagnostics& diags) {
  KubeSettings s;
  sdk::Attrs a(config);
  std::string kubeconfig = a.str("kubeconfig").value_or("");
  std::string host = a.str("host").value_or("");
  KubeconfigSelection sel;
  sel.context = a.str("context").value_or("");
  sel.cluster = a.str("cluster").value_or("");
  sel.user = a.str("user").value_or("");
  Value in_cluster_v = a.get("in_cluster");
  bool in_cluster = !in_cluster_v.is_null() && in_cluster_v.known() &&
                    in_cluster_v.kind() == ValueKind::Bool && in_cluster_v.as_bool();
  Value mp = a.get("max_parallel");
  if (!mp.is_null()) {
    if (!mp.known() || mp.kind() != ValueKind::Number || mp.as_number() < 1 ||
        mp.as_number() != std::floor(mp.as_number()) || mp.as_number() > 10000) {
      diags.error("Invalid max_parallel", "max_parallel must be a whole number from 1 to 10000.");
      return std::nullopt;
    }
    s.max_parallel = static_cast<int>(mp.as_number());
  }
  if (!kubeconfig.empty() + !host.empty() + in_cluster > 1) {
    diags.error("Conflicting cluster settings",
                "Set one of kubeconfig (and context), in_cluster = true, or host (with token and "
                "ca_cert).");
    return std::nullopt;
  }
  bool selecting = !sel.context.empty() || !sel.cluster.empty() || !sel.user.empty();
  if (host.empty()) {
    for (const char* other : {"token", "ca_cert", "client_cert", "client_key"}) {
      if (!a.str(other).value_or("").empty()) {
        diags.error("Conflicting cluster settings",
                    std::string(other) + " goes with host; with " +
                        (in_cluster ? "in_cluster the credentials are the pod's service account."
                                    : "kubeconfig the credentials come from the kubeconfig's "
                                      "user."));
        return std::nullopt;
      }
    }
  }
  if (!kubeconfig.empty()) {
    bool must_exist = false;
    std::vector<std::string> paths =
        kubeconfig_paths(kubeconfig, lookup.kubeconfig.env, &must_exist);
    return from_result(load_kubeconfig_files(paths, must_exist, sel, lookup.kubeconfig), s, diags);
  }
  if (host.empty() && !in_cluster) {
    diags.error("No cluster configured",
                "The kube provider needs kubeconfig = \"PATH\" (or a list \"A:B\", such as "
                "env(\"KUBECONFIG\")), optionally with context, in_cluster = true, or host with "
                "token and ca_cert.");
    return std::nullopt;
  }
  if (selecting) {
    diags.error("Conflicting cluster settings",
                "context, cluster and user go with a kubeconfig, not with host or in_cluster.");
    return std::nullopt;
  }
  if (in_cluster)
    return from_result(in_cluster_access(lookup.kubeconfig.env, lookup.service_account_dir), s,
                       diags);
  while (!host.empty() && host.back() == '/') host.pop_back();
  if (host.rfind("https://", 0) != 0 && host.rfind("http://", 0) != 0) {
    diags.error("Invalid host", "host \"" + host + "\" must start with https:// or http://.");
    return std::nullopt;
  }
  s.access.server = host;
  s.access.token = a.str("token").value_or("");
  s.access.tls.ca_pem = a.str("ca_cert").value_or("");
  s.access.tls.client_cert_pem = a.str("client_cert").value_or("");
  s.access.tls.client_key_pem = a.str("client_key").value_or("");
  s.access.proxy = proxy_from_env(lookup.kubeconfig.env);
  if (s.access.tls.client_cert_pem.empty() != s.access.tls.client_key_pem.empty()) {
    diags.error("Incomplete client certificate", "client_cert and client_key go together.");
    return std::nullopt;
  }
  s.access.source = "the provider block (host " + host + ")";
  return s;
}

}  // namespace fedplan::kube
