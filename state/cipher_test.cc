// Tests of state encryption: round trips, the key that sealed, rotation through the fallback
// key, tampering, purposes that must not mix, and keys from the environment.
#include "state/cipher.h"

#include <doctest/doctest.h>

#include "base/base64.h"
#include "base/testing/temp_dir.h"

namespace fedplan {
namespace {

const std::string kKeyA(32, 'a'), kKeyB(32, 'b');

std::string errors(const Diagnostics& d) {
  std::string out;
  for (const auto& i : d.items) out += i.summary + ": " + i.detail + "\n";
  return out;
}

TEST_CASE("a sealed state opens with its key and hides its text") {
  StateCipher c(kKeyA, "", false);
  std::string sealed = c.seal("{\"secret\":\"peer-ca\"}", "state");
  CHECK(is_sealed(sealed));
  CHECK(sealed.find("peer-ca") == std::string::npos);
  CHECK(c.seal("same", "state") != c.seal("same", "state"));  // a fresh nonce each time
  Diagnostics d;
  CHECK(c.open(sealed, "state", "x", d) == std::optional<std::string>("{\"secret\":\"peer-ca\"}"));
  CHECK(d.empty());
}

TEST_CASE("a state sealed with the old key opens through the fallback key and not without it") {
  std::string old = StateCipher(kKeyA, "", false).seal("v1", "state");
  Diagnostics d;
  CHECK(StateCipher(kKeyB, kKeyA, false).open(old, "state", "s.json", d) ==
        std::optional<std::string>("v1"));
  CHECK_FALSE(StateCipher(kKeyB, "", false).open(old, "state", "s.json", d));
  CHECK(errors(d).find("FEDPLAN_STATE_FALLBACK_KEY") != std::string::npos);
}

TEST_CASE("a changed byte, or a plan opened as a state, fails authentication") {
  StateCipher c(kKeyA, "", false);
  std::string sealed = c.seal(std::string(1000, 'x'), "plan");
  Diagnostics d;
  CHECK_FALSE(c.open(sealed, "state", "p", d));
  CHECK(errors(d).find("Authentication failed") != std::string::npos);
  size_t data = sealed.find("\"data\":\"") + 20;
  sealed[data] = sealed[data] == 'A' ? 'B' : 'A';
  Diagnostics t;
  CHECK_FALSE(c.open(sealed, "plan", "p", t));
  CHECK(t.has_errors());
}

TEST_CASE("plain text is refused with a key unless reading unencrypted states is allowed") {
  Diagnostics d;
  CHECK_FALSE(StateCipher(kKeyA, "", false).open("{\"version\":1}", "state", "s.json", d));
  CHECK(errors(d).find("FEDPLAN_STATE_READ_UNENCRYPTED") != std::string::npos);
  Diagnostics ok;
  CHECK(StateCipher(kKeyA, "", true).open("{}", "state", "s.json", ok) ==
        std::optional<std::string>("{}"));
}

TEST_CASE("without a key, sealed bytes are refused with the variable to set") {
  std::string sealed = StateCipher(kKeyA, "", false).seal("x", "state");
  Diagnostics d;
  CHECK_FALSE(open_bytes(nullptr, sealed, "state", "s.json", d));
  CHECK(errors(d).find("FEDPLAN_STATE_KEY") != std::string::npos);
  CHECK(open_bytes(nullptr, "{}", "state", "s.json", d) == std::optional<std::string>("{}"));
  CHECK(seal_bytes(nullptr, "{}", "state") == "{}");
}

TEST_CASE("keys come from variables or files and malformed keys name the variable") {
  testing::TempDir dir;
  Diagnostics none;
  CHECK_FALSE(StateCipher::from_env(CipherEnv{}, none));
  CHECK(none.empty());

  CipherEnv env;
  env.vars["FEDPLAN_STATE_KEY_FILE"] = dir.write("key", base64_encode(kKeyA) + "\n");
  Diagnostics d;
  auto c = StateCipher::from_env(env, d);
  REQUIRE(c);
  CHECK(c->key_id() == StateCipher(kKeyA, "", false).key_id());

  CipherEnv bad;
  bad.vars["FEDPLAN_STATE_KEY"] = base64_encode("too short");
  Diagnostics b;
  CHECK_FALSE(StateCipher::from_env(bad, b));
  CHECK(errors(b).find("FEDPLAN_STATE_KEY") != std::string::npos);
  CHECK(errors(b).find("9 bytes") != std::string::npos);

  CipherEnv lone;
  lone.vars["FEDPLAN_STATE_FALLBACK_KEY"] = base64_encode(kKeyA);
  Diagnostics l;
  CHECK_FALSE(StateCipher::from_env(lone, l));
  CHECK(l.has_errors());
}

}  // namespace
}  // namespace fedplan
