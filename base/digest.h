// Message digests over OpenSSL's EVP, one-shot or fed in pieces: SHA-256 for state and
// configuration fingerprints and the hash functions of the language, SHA-1 for local_file ids.
#pragma once

#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of every includer

namespace fedplan {

enum class DigestKind { Md5, Sha1, Sha256, Sha512 };

// An incremental digest: update() with the pieces in order, then hex() or bytes() once.
// Moving bytes between pieces does not change the result; length-prefix pieces when it should.
class Digest {
 public:
  explicit Digest(DigestKind kind = DigestKind::Sha256);
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;

  void update(std::string_view bytes);
  // The raw digest (32 bytes for SHA-256). Call once: it finishes the digest.
  std::string bytes();
  // The digest in lower-case hex. Call once: it finishes the digest.
  std::string hex();

 private:
  evp_md_ctx_st* ctx_;
};

// One-shot digests of `bytes`: lower-case hex, or raw (base64sha256 encodes the raw bytes).
std::string sha1_hex(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);
std::string sha256_bytes(std::string_view bytes);
// The raw digest of `bytes` of any kind (md5, sha1, sha512 of the language).
std::string digest_bytes(DigestKind kind, std::string_view bytes);

// `bytes` as lower-case hex, two digits a byte.
std::string to_hex(std::string_view bytes);

}  // namespace fedplan
