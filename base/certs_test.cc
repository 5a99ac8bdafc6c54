// Tests of the certificate helpers: intermediates chain to their root, fingerprints tie a key to
// its certificate without the key, and expiry is read back.
#include "base/certs.h"

#include <doctest/doctest.h>

namespace fedplan {
namespace {

CertKey certs_test_root() {
  CertKey root;
  std::string err;
  REQUIRE_MESSAGE(make_ca("root", "cluster.local", 30, KeyType::EcP256, &root, &err), err);
  return root;
}

TEST_CASE("an intermediate CA is a CA signed by its root, and never outlives it") {
  CertKey root = certs_test_root();
  CertKey inter;
  std::string err;
  REQUIRE_MESSAGE(
      make_intermediate_ca(root, "mesh1", "cluster.local", 365, KeyType::Rsa2048, &inter, &err),
      err);
  CertInfo info, root_info;
  REQUIRE(inspect_cert(inter.cert_pem, &info, &err));
  REQUIRE(inspect_cert(root.cert_pem, &root_info, &err));
  CHECK(info.is_ca);
  CHECK_FALSE(info.self_signed);
  CHECK(cert_signed_by(inter.cert_pem, root.cert_pem));
  CHECK_FALSE(cert_signed_by(root.cert_pem, inter.cert_pem));
  CHECK(info.not_after <= root_info.not_after);
  CHECK(root_info.not_after > std::chrono::system_clock::now() + std::chrono::hours(24 * 29));
}

TEST_CASE("a key's public fingerprint is its certificate's, and differs from another key's") {
  CertKey root = certs_test_root();
  CertKey other = certs_test_root();
  std::string err;
  CertInfo info;
  REQUIRE(inspect_cert(root.cert_pem, &info, &err));
  CHECK(info.public_key_sha256.size() == 64);
  CHECK(key_public_sha256(root.key_pem, &err) == info.public_key_sha256);
  CHECK(key_public_sha256(other.key_pem, &err) != info.public_key_sha256);
  CHECK(key_public_sha256("not a key", &err).empty());
  CHECK_FALSE(err.empty());
}

TEST_CASE("an intermediate is refused when the issuer's key is not its certificate's") {
  CertKey root = certs_test_root();
  CertKey other = certs_test_root();
  CertKey mixed{root.cert_pem, other.key_pem};
  CertKey out;
  std::string err;
  CHECK_FALSE(make_intermediate_ca(mixed, "x", "", 1, KeyType::EcP256, &out, &err));
  CHECK(err.find("does not belong") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
