// Tests for Ed25519: RFC 8032's first test vector, PEM keys as openssl writes them, and the
// refusals a user meets (a public key given as the signing key, a passphrase, junk).
#include "base/ed25519.h"

#include <doctest/doctest.h>

#include "base/digest.h"

using namespace fedplan;

namespace {

// RFC 8032 section 7.1, TEST 1: its secret key and public key wrapped as openssl writes them.
constexpr const char* kRfcPrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
constexpr const char* kRfcPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";
constexpr const char* kRfcSignatureHex =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
    "b46bd25bf5f0595bbe24655141438e7a100b";
// Another key (openssl genpkey -algorithm ed25519), to sign with the wrong one.
constexpr const char* kOtherPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAHgVZ9Ygdv/GmBRExp5LehRfgRj2tW2imkyEFw1gZj4I=\n"
    "-----END PUBLIC KEY-----\n";

}  // namespace

TEST_CASE("ed25519 signs as RFC 8032's first test vector says") {
  std::string err;
  auto key = Ed25519Key::from_private_pem(kRfcPrivatePem, &err);
  REQUIRE_MESSAGE(key, err);
  CHECK(key->has_private());
  CHECK(to_hex(key->sign("")) == kRfcSignatureHex);
  CHECK(to_hex(key->public_raw()) ==
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  CHECK(key->public_pem() == kRfcPublicPem);
}

TEST_CASE("ed25519 verifies only the signed message under the signing key") {
  auto key = Ed25519Key::from_private_pem(kRfcPrivatePem, nullptr);
  auto pub = Ed25519Key::from_public_pem(kRfcPublicPem, nullptr);
  auto other = Ed25519Key::from_public_pem(kOtherPublicPem, nullptr);
  REQUIRE((key && pub && other));
  std::string sig = key->sign("the plan");
  CHECK(pub->verify("the plan", sig));
  CHECK_FALSE(pub->verify("the plan!", sig));
  CHECK_FALSE(other->verify("the plan", sig));
  CHECK_FALSE(pub->verify("the plan", sig.substr(0, 63)));
  auto raw = Ed25519Key::from_public_raw(pub->public_raw());
  REQUIRE(raw);
  CHECK(raw->verify("the plan", sig));
  CHECK_FALSE(Ed25519Key::from_public_raw("short"));
}

TEST_CASE("an ed25519 fingerprint is the SHA-256 of the DER public key for both halves") {
  auto key = Ed25519Key::from_private_pem(kRfcPrivatePem, nullptr);
  auto pub = Ed25519Key::from_public_pem(kRfcPublicPem, nullptr);
  REQUIRE((key && pub));
  // python3: hashlib.sha256(DER SubjectPublicKeyInfo of the RFC key).hexdigest()
  CHECK(pub->fingerprint() ==
        "SHA256:06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9");
  CHECK(key->fingerprint() == pub->fingerprint());
}

TEST_CASE("a signing key that is not an unencrypted ed25519 private key is refused") {
  std::string err;
  CHECK_FALSE(Ed25519Key::from_private_pem(kRfcPublicPem, &err));
  CHECK(err.find("found a public key") != std::string::npos);
  CHECK_FALSE(Ed25519Key::from_private_pem("hello", &err));
  CHECK(err.find("found no PEM block") != std::string::npos);
  CHECK_FALSE(Ed25519Key::from_private_pem(
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIGb\n-----END ENCRYPTED PRIVATE KEY-----\n", &err));
  CHECK(err.find("passphrase") != std::string::npos);
  CHECK_FALSE(Ed25519Key::from_public_pem(kRfcPrivatePem, &err));
  CHECK(err.find("expected an Ed25519 public key") != std::string::npos);
}

TEST_CASE("a trusted keys file lists every public key and names the line of a bad one") {
  std::string err;
  std::string file = std::string("# CI signing keys\n") + kRfcPublicPem + "\n" + kOtherPublicPem;
  auto keys = read_public_keys_pem(file, "trusted.pem", &err);
  REQUIRE_MESSAGE(keys, err);
  CHECK(keys->size() == 2);
  CHECK_FALSE(read_public_keys_pem(file + "\n" + kRfcPrivatePem, "trusted.pem", &err));
  CHECK(err.rfind("trusted.pem:10: expected an Ed25519 public key", 0) == 0);
  CHECK_FALSE(read_public_keys_pem("nothing here\n", "trusted.pem", &err));
  CHECK(err.find("trusted.pem holds no PEM public key") != std::string::npos);
}
