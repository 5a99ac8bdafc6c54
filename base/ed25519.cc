// Ed25519 over libcrypto (see ed25519.h). What a user hands in (PEM text) fails with a message;
// OpenSSL failing on a key it accepted is a bug or an allocation failure, so it throws.
#include "base/ed25519.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <stdexcept>

#include "base/digest.h"

namespace fedplan {

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// Never asks for a passphrase: a key behind one is refused rather than prompted for.
int no_passphrase(char*, int, int, void*) {
  return 0;
}

Bio memory_bio(std::string_view text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free);
}

// What `pem` holds when it is not the key asked for, for the error message.
std::string what_pem_holds(std::string_view pem) {
  if (pem.find("-----BEGIN ") == std::string_view::npos) return "no PEM block";
  if (pem.find("ENCRYPTED PRIVATE KEY") != std::string_view::npos)
    return "a private key behind a passphrase (fedplan reads unencrypted keys only)";
  if (pem.find("BEGIN PUBLIC KEY") != std::string_view::npos) return "a public key";
  if (pem.find("PRIVATE KEY") != std::string_view::npos) return "a private key";
  return "a PEM block that is not a key";
}

std::shared_ptr<evp_pkey_st> owned(EVP_PKEY* key) {
  return std::shared_ptr<evp_pkey_st>(key, &EVP_PKEY_free);
}

}  // namespace

Ed25519Key::Ed25519Key(std::shared_ptr<evp_pkey_st> key, bool is_private)
    : key_(std::move(key)), private_(is_private) {}

std::optional<Ed25519Key> Ed25519Key::from_pem(std::string_view pem, bool is_private,
                                               std::string* err) {
  Bio bio = memory_bio(pem);
  EVP_PKEY* key = is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr)
                             : PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr);
  ERR_clear_error();
  if (key && EVP_PKEY_id(key) == EVP_PKEY_ED25519) return Ed25519Key(owned(key), is_private);
  std::string kind = is_private ? "private" : "public";
  std::string holds = key ? "a " + kind + " key of another algorithm" : what_pem_holds(pem);
  EVP_PKEY_free(key);
  if (err)
    *err =
        "expected an Ed25519 " + kind + " key in PEM (" +
        (is_private ? "`openssl genpkey -algorithm ed25519`" : "`openssl pkey -in KEY -pubout`") +
        "), found " + holds;
  return std::nullopt;
}

std::optional<Ed25519Key> Ed25519Key::from_private_pem(std::string_view pem, std::string* err) {
  return from_pem(pem, true, err);
}

std::optional<Ed25519Key> Ed25519Key::from_public_pem(std::string_view pem, std::string* err) {
  return from_pem(pem, false, err);
}

std::optional<Ed25519Key> Ed25519Key::from_public_raw(std::string_view raw) {
  if (raw.size() != 32) return std::nullopt;
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  ERR_clear_error();
  if (!key) return std::nullopt;
  return Ed25519Key(owned(key), false);
}

std::string Ed25519Key::sign(std::string_view message) const {
  if (!private_) throw std::logic_error("Ed25519Key::sign needs a private key");
  MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      len != 64)
    throw std::runtime_error("EVP_DigestSign failed for an Ed25519 key");
  return sig;
}

bool Ed25519Key::verify(std::string_view message, std::string_view signature) const {
  MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1)
    throw std::runtime_error("EVP_DigestVerifyInit failed for an Ed25519 key");
  int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size());
  ERR_clear_error();
  return ok == 1;
}

std::string Ed25519Key::public_raw() const {
  std::string raw(32, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(raw.data()), &len) !=
          1 ||
      len != 32)
    throw std::runtime_error("EVP_PKEY_get_raw_public_key failed for an Ed25519 key");
  return raw;
}

std::string Ed25519Key::public_pem() const {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1)
    throw std::runtime_error("PEM_write_bio_PUBKEY failed");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string Ed25519Key::fingerprint() const {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key_.get(), &der);
  if (len <= 0) throw std::runtime_error("i2d_PUBKEY failed for an Ed25519 key");
  std::string hex = sha256_hex(std::string_view(reinterpret_cast<const char*>(der), len));
  OPENSSL_free(der);
  return "SHA256:" + hex;
}

std::optional<std::vector<Ed25519Key>> read_public_keys_pem(std::string_view text,
                                                            const std::string& where,
                                                            std::string* err) {
  std::vector<Ed25519Key> keys;
  size_t pos = 0;
  int line = 1;
  auto lines = [&](size_t from, size_t to) {
    return static_cast<int>(std::count(text.begin() + from, text.begin() + to, '\n'));
  };
  for (size_t begin; (begin = text.find("-----BEGIN ", pos)) != std::string_view::npos;) {
    line += lines(pos, begin);
    size_t end = text.find("-----END ", begin);
    size_t stop = end == std::string_view::npos ? std::string_view::npos : text.find('\n', end);
    stop = stop == std::string_view::npos ? text.size() : stop + 1;
    std::string why;
    auto key = Ed25519Key::from_public_pem(text.substr(begin, stop - begin), &why);
    if (!key) {
      if (err) *err = where + ":" + std::to_string(line) + ": " + why;
      return std::nullopt;
    }
    keys.push_back(std::move(*key));
    line += lines(begin, stop);
    pos = stop;
  }
  if (keys.empty()) {
    if (err) *err = where + " holds no PEM public key (-----BEGIN PUBLIC KEY-----)";
    return std::nullopt;
  }
  return keys;
}

}  // namespace fedplan
