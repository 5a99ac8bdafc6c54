// Test certificates made on the fly with OpenSSL: a CA and leaf certificates it signs, with IP
// and DNS SANs, so TLS tests (transport, sandbox, providers) need no files checked in.
#pragma once

#include <string>
#include <vector>

namespace fedplan::testing {

// A certificate and its private key, both PEM.
struct TestCert {
  std::string cert_pem;
  std::string key_pem;
};

// What goes into a leaf certificate.
struct LeafSpec {
  std::string common_name = "127.0.0.1";
  std::vector<std::string> ip_sans = {"127.0.0.1"};
  std::vector<std::string> dns_sans = {"localhost"};
  bool server = true;   // extendedKeyUsage serverAuth
  bool client = false;  // extendedKeyUsage clientAuth
  int valid_days = 2;
};

// A self-signed CA (P-256 key, CA:TRUE, keyCertSign). Throws std::runtime_error on failure.
TestCert make_test_ca(const std::string& common_name);

// A leaf certificate signed by `ca`. Throws std::runtime_error on failure.
TestCert make_test_leaf(const TestCert& ca, const LeafSpec& spec);

// A leaf for a server on 127.0.0.1: CN and IP SAN 127.0.0.1, DNS SAN localhost.
inline TestCert make_test_server_cert(const TestCert& ca) {
  return make_test_leaf(ca, LeafSpec{});
}

// A client certificate with the given CN (clientAuth only, no SANs).
inline TestCert make_test_client_cert(const TestCert& ca, const std::string& common_name) {
  LeafSpec spec;
  spec.common_name = common_name;
  spec.ip_sans.clear();
  spec.dns_sans.clear();
  spec.server = false;
  spec.client = true;
  return make_test_leaf(ca, spec);
}

}  // namespace fedplan::testing
