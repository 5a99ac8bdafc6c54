// Ed25519 signatures over OpenSSL's EVP: keys read from PEM as `openssl genpkey -algorithm
// ed25519` writes them, signing, verifying and a fingerprint that names a key.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of every includer

namespace fedplan {

// One Ed25519 key: a private key signs and verifies, a public key only verifies. Copies share
// the OpenSSL key, which is never modified after it is read.
class Ed25519Key {
 public:
  // The key in `pem` (a "PRIVATE KEY" block, unencrypted); nullopt with `err` saying what the
  // text holds instead (a public key, another algorithm, a key behind a passphrase, no PEM).
  static std::optional<Ed25519Key> from_private_pem(std::string_view pem, std::string* err);
  // The key in `pem` (a "PUBLIC KEY" block, as `openssl pkey -pubout` writes it).
  static std::optional<Ed25519Key> from_public_pem(std::string_view pem, std::string* err);
  // A public key from its 32 raw bytes; nullopt when they are not 32.
  static std::optional<Ed25519Key> from_public_raw(std::string_view raw);

  bool has_private() const { return private_; }
  // The 64-byte signature of `message`. Only for a private key (a bug otherwise: throws).
  std::string sign(std::string_view message) const;
  // Whether `signature` is this key's signature of `message`.
  bool verify(std::string_view message, std::string_view signature) const;
  // The 32 raw bytes of the public key.
  std::string public_raw() const;
  // The public key as PEM ("-----BEGIN PUBLIC KEY-----"), to hand out for verifying.
  std::string public_pem() const;
  // "SHA256:" and the lower-case hex SHA-256 of the public key's DER SubjectPublicKeyInfo, what
  // `openssl pkey -pubin -in KEY.pub -outform DER | sha256sum` prints: the same for a private
  // key and its public half.
  std::string fingerprint() const;

 private:
  Ed25519Key(std::shared_ptr<evp_pkey_st> key, bool is_private);
  static std::optional<Ed25519Key> from_pem(std::string_view pem, bool is_private,
                                            std::string* err);
  std::shared_ptr<evp_pkey_st> key_;
  bool private_ = false;
};

// Every public key in `text`, a file of PEM "PUBLIC KEY" blocks (comments and blank lines
// between them are allowed). nullopt with `err` naming `where` and the line of the first block
// that is not an Ed25519 public key, or saying the file holds none.
std::optional<std::vector<Ed25519Key>> read_public_keys_pem(std::string_view text,
                                                            const std::string& where,
                                                            std::string* err);

}  // namespace fedplan
