// AES-256-GCM sealing over OpenSSL's EVP: a fresh 96-bit nonce per seal, the 128-bit tag
// appended to the ciphertext, the purpose as additional authenticated data.
#include "state/cipher.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>

#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/digest.h"
#include "base/files.h"
#include "base/quote.h"

namespace fedplan {

namespace {

constexpr size_t kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;
constexpr std::string_view kMagic = "{\"fedplan_sealed\":1,";

std::string key_id_of(const std::string& key) {
  return key.empty() ? std::string() : sha256_hex(key).substr(0, 16);
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// The key a variable pair names (NAME or NAME_FILE); "" when neither is set.
std::optional<std::string> key_from(const CipherEnv& env, const std::string& name,
                                    Diagnostics& diags) {
  std::string text, from = name;
  if (auto it = env.vars.find(name); it != env.vars.end() && !it->second.empty()) {
    text = it->second;
  } else if (auto f = env.vars.find(name + "_FILE"); f != env.vars.end() && !f->second.empty()) {
    from = name + "_FILE (" + f->second + ")";
    std::string err;
    if (!read_file(f->second, &text, &err, "the key file")) {
      diags.error("Cannot read the state encryption key", err + ".");
      return std::nullopt;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
      text.pop_back();
  } else {
    return std::string();
  }
  auto key = base64_decode(text);
  if (!key || key->size() != kKeyBytes) {
    diags.error("Invalid state encryption key in " + from,
                "The key is the base64 of 32 random bytes, as `openssl rand -base64 32` "
                "prints; this one " +
                    std::string(key ? "decodes to " + std::to_string(key->size()) + " bytes."
                                    : "is not base64."));
    return std::nullopt;
  }
  return key;
}

}  // namespace

CipherEnv CipherEnv::from_process() {
  CipherEnv env;
  for (const char* name :
       {"FEDPLAN_STATE_KEY", "FEDPLAN_STATE_KEY_FILE", "FEDPLAN_STATE_FALLBACK_KEY",
        "FEDPLAN_STATE_FALLBACK_KEY_FILE", "FEDPLAN_STATE_READ_UNENCRYPTED"}) {
    if (const char* v = std::getenv(name)) env.vars[name] = v;
  }
  return env;
}

std::optional<StateCipher> StateCipher::from_env(const CipherEnv& env, Diagnostics& diags) {
  auto key = key_from(env, "FEDPLAN_STATE_KEY", diags);
  auto fallback = key_from(env, "FEDPLAN_STATE_FALLBACK_KEY", diags);
  if (!key || !fallback) return std::nullopt;
  if (key->empty()) {
    if (!fallback->empty())
      diags.error("FEDPLAN_STATE_FALLBACK_KEY is set without FEDPLAN_STATE_KEY",
                  "The fallback key only reads what an earlier key sealed; set the key that "
                  "seals from now on in FEDPLAN_STATE_KEY.");
    return std::nullopt;
  }
  auto plain = env.vars.find("FEDPLAN_STATE_READ_UNENCRYPTED");
  return StateCipher(*key, *fallback, plain != env.vars.end() && plain->second == "1");
}

StateCipher::StateCipher(std::string key, std::string fallback_key, bool read_unencrypted)
    : key_(std::move(key)),
      fallback_key_(std::move(fallback_key)),
      key_id_(key_id_of(key_)),
      fallback_key_id_(key_id_of(fallback_key_)),
      read_unencrypted_(read_unencrypted) {}

std::string StateCipher::seal(std::string_view plain, std::string_view purpose) const {
  unsigned char nonce[kNonceBytes];
  if (RAND_bytes(nonce, sizeof nonce) != 1) throw std::runtime_error("RAND_bytes failed");
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(plain.size() + kTagBytes, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int n = 0, m = 0;
  bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr,
                         reinterpret_cast<const unsigned char*>(key_.data()), nonce) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &n,
                        reinterpret_cast<const unsigned char*>(purpose.data()),
                        int(purpose.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), o, &n, reinterpret_cast<const unsigned char*>(plain.data()),
                        int(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), o + n, &m) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, o + n + m) == 1;
  if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");
  out.resize(size_t(n + m) + kTagBytes);
  std::string text(kMagic);
  text += "\"method\":\"aes-256-gcm\",\"key_id\":\"" + key_id_ + "\",\"nonce\":\"" +
          base64_encode(std::string_view(reinterpret_cast<char*>(nonce), sizeof nonce)) +
          "\",\"data\":\"" + base64_encode(out) + "\"}\n";
  return text;
}

std::optional<std::string> StateCipher::open(std::string_view stored, std::string_view purpose,
                                             const std::string& where, Diagnostics& diags) const {
  if (!is_sealed(stored)) {
    if (read_unencrypted_) return std::string(stored);
    diags.error("The " + std::string(purpose) + " in " + where + " is not encrypted",
                "FEDPLAN_STATE_KEY is set, so fedplan reads only states it can authenticate. To "
                "encrypt a state stored in plain text, run once with "
                "FEDPLAN_STATE_READ_UNENCRYPTED=1: its next write is sealed.");
    return std::nullopt;
  }
  auto fail = [&](const std::string& detail) {
    diags.error("Cannot decrypt the " + std::string(purpose) + " in " + where, detail);
    return std::nullopt;
  };
  nlohmann::json env = nlohmann::json::parse(stored, nullptr, false);
  if (!env.is_object() || env.value("method", "") != "aes-256-gcm" ||
      !env.value("key_id", nlohmann::json()).is_string() ||
      !env.value("nonce", nlohmann::json()).is_string() ||
      !env.value("data", nlohmann::json()).is_string())
    return fail("The sealed envelope is damaged (it lacks method, key_id, nonce or data).");
  std::string id = env["key_id"].get<std::string>();
  const std::string* key = id == key_id_                                      ? &key_
                           : !fallback_key_.empty() && id == fallback_key_id_ ? &fallback_key_
                                                                              : nullptr;
  if (!key)
    return fail("It was sealed with key " + quote(id) + ", which is neither FEDPLAN_STATE_KEY (" +
                key_id_ + ")" +
                (fallback_key_.empty()
                     ? std::string()
                     : " nor FEDPLAN_STATE_FALLBACK_KEY (" + fallback_key_id_ + ")") +
                ". Set the key it was sealed with as FEDPLAN_STATE_FALLBACK_KEY.");
  auto nonce = base64_decode(env["nonce"].get<std::string>());
  auto data = base64_decode(env["data"].get<std::string>());
  if (!nonce || nonce->size() != kNonceBytes || !data || data->size() < kTagBytes)
    return fail("The sealed envelope is damaged (bad nonce or data).");
  size_t len = data->size() - kTagBytes;
  std::string plain(len, '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  auto* in = reinterpret_cast<unsigned char*>(data->data());
  int n = 0, m = 0;
  bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr,
                         reinterpret_cast<const unsigned char*>(key->data()),
                         reinterpret_cast<const unsigned char*>(nonce->data())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n,
                        reinterpret_cast<const unsigned char*>(purpose.data()),
                        int(purpose.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &n, in,
                        int(len)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, in + len) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + n, &m) == 1;
  if (!ok)
    return fail(
        "Authentication failed: the bytes were changed after sealing, or they were "
        "sealed as something other than a " +
        std::string(purpose) + ".");
  plain.resize(size_t(n + m));
  return plain;
}

bool is_sealed(std::string_view stored) {
  return stored.substr(0, kMagic.size()) == kMagic;
}

std::string seal_bytes(const StateCipher* cipher, std::string plain, std::string_view purpose) {
  return cipher ? cipher->seal(plain, purpose) : std::move(plain);
}

std::optional<std::string> open_bytes(const StateCipher* cipher, std::string stored,
                                      std::string_view purpose, const std::string& where,
                                      Diagnostics& diags) {
  if (cipher) return cipher->open(stored, purpose, where, diags);
  if (!is_sealed(stored)) return stored;
  diags.error("The " + std::string(purpose) + " in " + where + " is encrypted",
              "Set FEDPLAN_STATE_KEY (or FEDPLAN_STATE_KEY_FILE) to the key it was sealed with.");
  return std::nullopt;
}

}  // namespace fedplan
