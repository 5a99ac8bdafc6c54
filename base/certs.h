// Certificates made with OpenSSL: CAs (roots and intermediates), serving certificates, public-key
// fingerprints and a parser; shared by the sandbox and the kube provider's CA resources.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace fedplan {

// A certificate and its private key, both PEM.
struct CertKey {
  std::string cert_pem;
  std::string key_pem;
};

enum class KeyType { EcP256, Rsa2048 };

// When a certificate's validity starts counting: an hour before `now` (the wall clock when
// unset; a test's clock otherwise).
using CertClock = std::optional<std::chrono::system_clock::time_point>;

// A self-signed CA certificate (basicConstraints CA:TRUE, keyCertSign) with the given subject
// common name and organization, valid for `days` from an hour ago.
bool make_ca(const std::string& common_name, const std::string& organization, int days,
             KeyType key_type, CertKey* out, std::string* err, CertClock now = std::nullopt);

// An intermediate CA certificate (CA:TRUE, keyCertSign) with a new key, signed by `issuer`,
// valid for `days` from an hour ago but never past the issuer's own expiry.
bool make_intermediate_ca(const CertKey& issuer, const std::string& common_name,
                          const std::string& organization, int days, KeyType key_type, CertKey* out,
                          std::string* err, CertClock now = std::nullopt);

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
  std::chrono::system_clock::time_point not_after;
  std::string public_key_sha256;  // lower-case hex SHA-256 of the DER SubjectPublicKeyInfo
};

bool inspect_cert(const std::string& pem, CertInfo* out, std::string* err);

// The lower-case hex SHA-256 of the DER SubjectPublicKeyInfo of a PEM private key: the same
// fingerprint as CertInfo::public_key_sha256 of its certificate, so a key is recorded by it
// without the key. "" and *err when `key_pem` is not a private key.
std::string key_public_sha256(const std::string& key_pem, std::string* err);

// Whether `cert_pem` is signed by the key of `issuer_pem` (and names it as issuer).
bool cert_signed_by(const std::string& cert_pem, const std::string& issuer_pem);

// `bytes` random bytes from OpenSSL, hex-encoded.
std::string random_hex(size_t bytes);

}  // namespace fedplan
