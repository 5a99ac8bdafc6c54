// Certificates made with OpenSSL: a sandbox's own CA and serving certificate, the root CAs
// the operator play hands out, random tokens, and a parser to check what was made.
#pragma once

#include <string>
#include <vector>

namespace fedplan::sandbox {

// A certificate and its private key, both PEM.
struct CertKey {
  std::string cert_pem;
  std::string key_pem;
};

enum class KeyType { EcP256, Rsa2048 };

// A self-signed CA certificate (basicConstraints CA:TRUE, keyCertSign) with the given subject
// common name and organization, valid for `days` from an hour ago.
bool make_ca(const std::string& common_name, const std::string& organization, int days,
             KeyType key_type, CertKey* out, std::string* err);

// A serving certificate signed by `ca`, for the given DNS names and IP addresses.
bool make_serving_cert(const CertKey& ca, const std::string& common_name,
                       const std::vector<std::string>& dns_names,
                       const std::vector<std::string>& ip_addresses, int days, CertKey* out,
                       std::string* err);

// What a certificate says, for checks.
struct CertInfo {
  bool is_ca = false;
  std::string subject;  // one-line form, e.g. "O = cluster.local"
  std::string issuer;
  std::string serial_hex;
  std::string sha256_fingerprint;
  bool self_signed = false;  // issuer == subject and the signature verifies with its own key
};

bool inspect_cert(const std::string& pem, CertInfo* out, std::string* err);

// `bytes` random bytes from OpenSSL, hex-encoded.
std::string random_hex(size_t bytes);

}  // namespace fedplan::sandbox
