// open_etcd_backend: the etcd backend's settings, read and checked, then one request to
// prove the endpoints, TLS and credentials work before a command changes anything.
#include <cstdlib>

#include "state/etcd/etcd_backend.h"

namespace fedplan {

namespace {

// etcd refuses requests over 1.5 MiB; a chunk grows by a third in base64.
constexpr int64_t kMaxChunkSize = 1 << 20;

}  // namespace

std::unique_ptr<EtcdBackend> open_etcd_backend(const BackendConfig& config,
                                               const BackendContext& context, Diagnostics& diags) {
  SettingsReader settings(config, diags);
  EtcdClientOptions client;
  EtcdBackendOptions options;
  options.workspace = config.workspace;
  options.cipher = context.cipher;
  std::optional<std::vector<std::string>> endpoints = settings.strings("endpoints");
  options.prefix = settings.string("prefix").value_or(options.prefix);
  client.username = settings.string("username").value_or("");
  client.password = settings.string("password").value_or("");
  std::optional<std::string> ca = settings.path("cacert_path", context.config_dir);
  std::optional<std::string> cert = settings.path("cert_path", context.config_dir);
  std::optional<std::string> key = settings.path("key_path", context.config_dir);
  std::optional<std::chrono::milliseconds> ttl = settings.duration("lock_ttl");
  std::optional<std::chrono::milliseconds> timeout = settings.duration("request_timeout");
  std::optional<int64_t> chunk = settings.integer("chunk_size");
  if (!settings.finish()) return nullptr;

  if (!endpoints || endpoints->empty()) {
    settings.invalid("endpoints",
                     "The etcd backend needs at least one endpoint, such as "
                     "[\"https://etcd-1.example:2379\"].");
  } else {
    for (const std::string& e : *endpoints)
      if (!e.starts_with("http://") && !e.starts_with("https://"))
        settings.invalid("endpoints", "\"" + e + "\" is not an http:// or https:// URL.");
    client.endpoints = *endpoints;
  }
  if (options.prefix.empty() || options.prefix.front() == '/')
    settings.invalid("prefix", "The key prefix must not be empty or start with '/'.");
  else if (options.prefix.back() != '/')
    options.prefix += '/';
  if (!client.username.empty() && client.password.empty())
    settings.invalid("password", "A username needs a password: set FEDPLAN_BACKEND_PASSWORD.");
  if (cert.has_value() != key.has_value())
    settings.invalid(cert ? "key_path" : "cert_path",
                     "A client certificate needs both cert_path and key_path.");
  if (ttl) {
    if (*ttl < std::chrono::seconds(2) || ttl->count() % 1000 != 0)
      settings.invalid("lock_ttl", "The lock's lease is whole seconds, at least 2s.");
    options.lock_ttl = std::chrono::duration_cast<std::chrono::seconds>(*ttl);
  }
  if (timeout) {
    if (timeout->count() <= 0) settings.invalid("request_timeout", "It must be more than zero.");
    client.request_timeout = *timeout;
  }
  if (chunk) {
    if (*chunk < 1024 || *chunk > kMaxChunkSize)
      settings.invalid("chunk_size", "Chunks are 1024 to " + std::to_string(kMaxChunkSize) +
                                         " bytes (etcd refuses requests over 1.5 MiB).");
    options.chunk_size = static_cast<size_t>(*chunk);
  }
  if (!settings.ok() || !check_workspace_name(config.workspace, diags)) return nullptr;
  client.tls.ca_file = ca.value_or("");
  client.tls.client_cert_file = cert.value_or("");
  client.tls.client_key_file = key.value_or("");

  std::shared_ptr<EtcdClient> etcd = EtcdClient::connect(client, context.clock, diags);
  if (!etcd) return nullptr;
  // One read proves the endpoints, the CA, the client certificate and the credentials.
  Diagnostics why;
  if (!etcd->range({.key = options.prefix, .keys_only = true, .limit = 1}, why)) {
    const char* setting = "endpoints";
    switch (etcd->last_transport_error()) {
      case HttpError::TlsVerify:
        setting = "cacert_path";
        break;
      case HttpError::Tls:
        setting = cert ? "cert_path" : "endpoints";
        break;
      case HttpError::None:  // etcd answered and refused
        setting = client.username.empty() ? "endpoints" : "username";
        break;
      default:
        break;
    }
    settings.invalid(setting, why.items.empty()
                                  ? "etcd cannot be used."
                                  : why.items[0].summary + ". " + why.items[0].detail);
    return nullptr;
  }
  return std::make_unique<EtcdBackend>(std::move(etcd), std::move(options), context.clock);
}

}  // namespace fedplan
