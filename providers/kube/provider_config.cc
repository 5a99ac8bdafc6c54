// The provider block: kubeconfig (+ context) or host (+ token, ca_cert, client cert).
#include "providers/kube/provider_config.h"

#include <cmath>

#include "base/kube/kubeconfig.h"
#include "providers/sdk/attrs.h"

namespace fedplan::kube {

std::optional<KubeSettings> read_provider_config(const Value& config, Diagnostics& diags) {
  KubeSettings s;
  sdk::Attrs a(config);
  std::string kubeconfig = a.str("kubeconfig").value_or("");
  std::string host = a.str("host").value_or("");
  std::string context = a.str("context").value_or("");
  Value mp = a.get("max_parallel");
  if (!mp.is_null()) {
    if (!mp.known() || mp.kind() != ValueKind::Number || mp.as_number() < 1 ||
        mp.as_number() != std::floor(mp.as_number()) || mp.as_number() > 10000) {
      diags.error("Invalid max_parallel", "max_parallel must be a whole number from 1 to 10000.");
      return std::nullopt;
    }
    s.max_parallel = static_cast<int>(mp.as_number());
  }
  if (!kubeconfig.empty() && !host.empty()) {
    diags.error("Conflicting cluster settings",
                "Set either kubeconfig (and context) or host (with token and ca_cert), not both.");
    return std::nullopt;
  }
  if (!kubeconfig.empty()) {
    for (const char* other : {"token", "ca_cert", "client_cert", "client_key"}) {
      if (!a.str(other).value_or("").empty()) {
        diags.error("Conflicting cluster settings",
                    std::string(other) +
                        " goes with host; with kubeconfig the credentials come "
                        "from the kubeconfig's user.");
        return std::nullopt;
      }
    }
    KubeconfigResult k = load_kubeconfig(kubeconfig, context);
    if (!k.ok()) {
      diags.error("Invalid kubeconfig", k.error);
      return std::nullopt;
    }
    s.access = std::move(k.access);
    return s;
  }
  if (host.empty()) {
    diags.error("No cluster configured",
                "The kube provider needs kubeconfig = \"PATH\" (optionally with context), or host "
                "with token and ca_cert.");
    return std::nullopt;
  }
  if (!context.empty()) {
    diags.error("Conflicting cluster settings", "context goes with kubeconfig, not with host.");
    return std::nullopt;
  }
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
  if (s.access.tls.client_cert_pem.empty() != s.access.tls.client_key_pem.empty()) {
    diags.error("Incomplete client certificate", "client_cert and client_key go together.");
    return std::nullopt;
  }
  s.access.source = "the provider block (host " + host + ")";
  return s;
}

}  // namespace fedplan::kube
