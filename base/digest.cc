// Digests over libcrypto (see digest.h). OpenSSL fails here only on allocation failure or a
// broken library: a bug, not a user error, so it throws.
#include "base/digest.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace fedplan {

Digest::Digest(DigestKind kind) : ctx_(EVP_MD_CTX_new()) {
  const EVP_MD* md = kind == DigestKind::Md5      ? EVP_md5()
                     : kind == DigestKind::Sha1   ? EVP_sha1()
                     : kind == DigestKind::Sha512 ? EVP_sha512()
                                                  : EVP_sha256();
  if (!ctx_ || EVP_DigestInit_ex(ctx_, md, nullptr) != 1) {
    EVP_MD_CTX_free(ctx_);
    throw std::runtime_error("EVP_DigestInit_ex failed");
  }
}

Digest::~Digest() {
  EVP_MD_CTX_free(ctx_);
}

void Digest::update(std::string_view bytes) {
  if (EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("EVP_DigestUpdate failed");
}

std::string Digest::bytes() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, md, &len) != 1)
    throw std::runtime_error("EVP_DigestFinal_ex failed");
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string Digest::hex() {
  return to_hex(bytes());
}

std::string sha1_hex(std::string_view bytes) {
  Digest d(DigestKind::Sha1);
  d.update(bytes);
  return d.hex();
}

std::string digest_bytes(DigestKind kind, std::string_view bytes) {
  Digest d(kind);
  d.update(bytes);
  return d.bytes();
}

std::string sha256_hex(std::string_view bytes) {
  return to_hex(sha256_bytes(bytes));
}

std::string sha256_bytes(std::string_view bytes) {
  Digest d(DigestKind::Sha256);
  d.update(bytes);
  return d.bytes();
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace fedplan
