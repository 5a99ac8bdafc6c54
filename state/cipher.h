// StateCipher: encryption at rest for states and saved plans, AES-256-GCM under a key from
// the environment or a file, with a fallback key to read what the previous key sealed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace fedplan {

// Where keys come from: FEDPLAN_STATE_KEY (the base64 of 32 random bytes, as
// `openssl rand -base64 32` prints) or FEDPLAN_STATE_KEY_FILE (a file holding that text), and
// FEDPLAN_STATE_FALLBACK_KEY / FEDPLAN_STATE_FALLBACK_KEY_FILE for rotation.
// FEDPLAN_STATE_READ_UNENCRYPTED=1 lets a run with a key read a state stored in plain text
// (to encrypt an existing state). `env` maps variable names to values (the process's
// environment in the CLI, a map in tests).
struct CipherEnv {
  std::map<std::string, std::string> vars;
  static CipherEnv from_process();  // the FEDPLAN_STATE_* variables of this process
};

// Seals byte strings into a self-describing envelope and opens them again. The envelope is
// JSON: {"fedplan_sealed":1,"method":"aes-256-gcm","key_id":"…","nonce":"…","data":"…"}, where
// key_id is the first 16 hex digits of SHA-256 over the key (it names the key, not the data),
// and `purpose` ("state", "plan") is authenticated, so a sealed plan never opens as a state.
class StateCipher {
 public:
  // The cipher the environment asks for: nullopt with no error when no key is set; nullopt
  // with an error naming the variable when a key is malformed.
  static std::optional<StateCipher> from_env(const CipherEnv& env, Diagnostics& diags);
  // A cipher over raw 32-byte keys (fallback may be empty).
  StateCipher(std::string key, std::string fallback_key, bool read_unencrypted);

  std::string seal(std::string_view plain, std::string_view purpose) const;
  // The plain bytes of `stored`: sealed by the key or the fallback key, or plain text when
  // read_unencrypted. nullopt with an error naming `where` otherwise (wrong key, tampered
  // bytes, plain text).
  std::optional<std::string> open(std::string_view stored, std::string_view purpose,
                                  const std::string& where, Diagnostics& diags) const;

  const std::string& key_id() const { return key_id_; }

 private:
  std::string key_, fallback_key_;
  std::string key_id_, fallback_key_id_;
  bool read_unencrypted_ = false;
};

// True when `stored` is a sealed envelope (by its first bytes; nothing is decrypted).
bool is_sealed(std::string_view stored);

// What backends call on every byte string they store and read: seal()/open() with `cipher`,
// or, with none, the bytes as they are, refusing sealed bytes with an error saying which
// variable to set.
std::string seal_bytes(const StateCipher* cipher, std::string plain, std::string_view purpose);
std::optional<std::string> open_bytes(const StateCipher* cipher, std::string stored,
                                      std::string_view purpose, const std::string& where,
                                      Diagnostics& diags);

}  // namespace fedplan
