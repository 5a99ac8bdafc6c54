// TlsConfig: how the HTTPS transport trusts servers and proves who it is.
// Mirrors what a kubeconfig cluster/user entry can say (CA data or file, client cert, SNI).
#pragma once

#include <string>

namespace fedplan {

// Trust and identity for HTTPS. Verification is on by default and checks the host name (or IP
// address, against IP SANs) of the URL, or `server_name` when set. With neither `ca_pem` nor
// `ca_file`, the system's default trust store is used.
struct TlsConfig {
  std::string ca_pem;   // PEM bundle of trusted CAs (kubeconfig certificate-authority-data)
  std::string ca_file;  // path to a PEM bundle; both may be given, both are trusted
  bool insecure_skip_verify =
      false;  // no certificate or host check at all (insecure-skip-tls-verify)

  // Client certificate for mutual TLS: PEM data or a file each for the chain and the key.
  std::string client_cert_pem;
  std::string client_cert_file;
  std::string client_key_pem;
  std::string client_key_file;

  // Sent as SNI and checked against the certificate instead of the URL's host
  // (kubeconfig tls-server-name). Empty: the URL's host (SNI is omitted for IP addresses).
  std::string server_name;
};

}  // namespace fedplan
