// Tests for signed plans: issue 16's attack (a variable's value edited everywhere it appears and
// the file digest computed again) read back today, and refused once the plan is signed; keys
// from flags and the environment; the trust check apply makes.
#include "engine/plan/plan_signature.h"

#include <doctest/doctest.h>

#include <map>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "engine/plan/plan_file.h"
#include "state/cipher.h"

namespace fedplan {
namespace {

// Two keys made by `openssl genpkey -algorithm ed25519`.
constexpr const char* kSignerPem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJHJ0W/BNn4GVqfrYbzZ3KDGTvOD/Lf31uRRxBBgoSrC\n"
    "-----END PRIVATE KEY-----\n";
constexpr const char* kSignerPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAHgVZ9Ygdv/GmBRExp5LehRfgRj2tW2imkyEFw1gZj4I=\n"
    "-----END PUBLIC KEY-----\n";
constexpr const char* kSignerFingerprint =
    "SHA256:87d9336b738503024d9015657df6908b21f30daf1bc2101558cc13d84ad2e28b";
constexpr const char* kOtherPem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";

Ed25519Key private_key(const char* pem) {
  std::string err;
  auto key = Ed25519Key::from_private_pem(pem, &err);
  REQUIRE_MESSAGE(key, err);
  return *key;
}

// A plan whose variable "image" reaches a change's planned value.
Plan image_plan() {
  Plan plan;
  plan.config_dir = "/work/config";
  plan.config_digest = "c0ffee";
  plan.variables["image"] = Value::string("registry.example/app:1.0");
  ResourceChange change;
  std::string err;
  auto addr = parse_instance("kube_object.app", &err);
  auto provider = parse_provider("kube", &err);
  REQUIRE_MESSAGE((addr && provider), err);
  change.addr = *addr;
  change.provider = *provider;
  change.action = Action::Create;
  change.after = Value::object({{"image", Value::string("registry.example/app:1.0")}});
  plan.changes.push_back(change);
  return plan;
}

// Issue 16's attack: the value replaced everywhere it appears, the file digest made again (it
// is not secret), the signature left as it was.
void edit_image(const testing::TempDir& dir, const std::string& name) {
  std::string path = dir / name;
  std::string text = fedplan::testing::read_text(path);
  const std::string from = "registry.example/app:1.0", to = "evil.example/app:1.0";
  for (size_t at; (at = text.find(from)) != std::string::npos;) text.replace(at, from.size(), to);
  dir.write(name, plan_file_text(nlohmann::json::parse(text)));
}

std::string image_of(const Plan& plan) {
  return plan.variables.at("image").as_string();
}

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

}  // namespace

TEST_CASE("an unsigned plan edited everywhere a variable appears reads back with the edit") {
  testing::TempDir dir;
  std::string path = dir / "plan.bin", err;
  REQUIRE(write_plan_file(path, image_plan(), &err));
  edit_image(dir, "plan.bin");
  auto plan = read_plan_file(path, &err);
  REQUIRE_MESSAGE(plan, err);  // what a signature is for: nothing else notices
  CHECK(image_of(*plan) == "evil.example/app:1.0");
}

TEST_CASE("a signed plan edited after signing is refused naming the file and the key") {
  testing::TempDir dir;
  std::string path = dir / "plan.bin", err, signer;
  Ed25519Key key = private_key(kSignerPem);
  REQUIRE(write_plan_file(path, image_plan(), &err, nullptr, &key));
  auto plan = read_plan_file(path, &err, nullptr, &signer);
  REQUIRE_MESSAGE(plan, err);
  CHECK(signer == kSignerFingerprint);
  CHECK(image_of(*plan) == "registry.example/app:1.0");
  edit_image(dir, "plan.bin");
  CHECK_FALSE(read_plan_file(path, &err, nullptr, &signer));
  CHECK(err == path + ": the plan was changed after it was signed: its signature by key " +
                   kSignerFingerprint +
                   " does not match its content. Make the plan again with `fedplan plan -out`.");
}

TEST_CASE("a signature covers every key of the plan and survives re-indenting") {
  Ed25519Key key = private_key(kSignerPem);
  nlohmann::json doc = {{"format", "fedplan-plan"}, {"a", {1, 2}}, {"b", "x"}};
  sign_plan_document(doc, key);
  std::string err;
  CHECK(plan_document_signer(nlohmann::json::parse(doc.dump(2)), &err) == kSignerFingerprint);
  for (const char* field : {"format", "a", "b"}) {
    nlohmann::json edited = doc;
    edited[field] = "changed";
    CHECK_FALSE(plan_document_signer(edited, &err));
  }
  nlohmann::json added = doc;
  added["destroy"] = true;
  CHECK_FALSE(plan_document_signer(added, &err));
  nlohmann::json other = doc;
  other.erase(kPlanSignatureKey);
  sign_plan_document(other, private_key(kOtherPem));
  nlohmann::json swapped = doc;  // another key's public key with this signature
  swapped[kPlanSignatureKey]["public_key"] = other[kPlanSignatureKey]["public_key"];
  swapped[kPlanSignatureKey]["fingerprint"] = other[kPlanSignatureKey]["fingerprint"];
  CHECK_FALSE(plan_document_signer(swapped, &err));
  CHECK(err.find("does not match its content") != std::string::npos);
  swapped[kPlanSignatureKey]["fingerprint"] = kSignerFingerprint;
  CHECK_FALSE(plan_document_signer(swapped, &err));
  CHECK(err.find("signature.fingerprint") == 0);
  CHECK(plan_document_signer(nlohmann::json{{"format", "fedplan-plan"}}, &err) == "");
}

TEST_CASE("a signed plan sealed with the state key opens and verifies") {
  testing::TempDir dir;
  std::string path = dir / "plan.bin", err, signer;
  Ed25519Key key = private_key(kSignerPem);
  StateCipher cipher(std::string(32, 'k'), "", false);
  REQUIRE(write_plan_file(path, image_plan(), &err, &cipher, &key));
  CHECK(fedplan::testing::read_text(path).find("registry.example") == std::string::npos);
  REQUIRE_MESSAGE(read_plan_file(path, &err, &cipher, &signer), err);
  CHECK(signer == kSignerFingerprint);
}

TEST_CASE("apply trusts only the keys it is given and refuses unsigned plans when required") {
  testing::TempDir dir;
  std::string trusted = dir.write("trusted.pem", kSignerPublicPem);
  Diagnostics diags;
  auto trust = plan_trust(true, trusted, nullptr, diags);
  REQUIRE(trust);
  CHECK(check_plan_trust("plan.bin", kSignerFingerprint, *trust) == "");
  std::string other = private_key(kOtherPem).fingerprint();
  CHECK(check_plan_trust("plan.bin", other, *trust) ==
        "plan.bin is signed by key " + other + ", which is not one of the trusted keys in " +
            trusted + " (" + kSignerFingerprint + "). Nothing was applied.");
  CHECK(check_plan_trust("plan.bin", "", *trust)
            .rfind("plan.bin is not signed, and "
                   "-require-signature refuses",
                   0) == 0);
  trust->require = false;
  CHECK(check_plan_trust("plan.bin", "", *trust) == "");
  auto from_env = plan_trust(false, "", env_of({{"FEDPLAN_PLAN_TRUSTED_KEYS", trusted}}), diags);
  REQUIRE(from_env);
  CHECK(from_env->trusted.size() == 1);
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("require-signature without trusted keys and a bad trusted keys file are errors") {
  testing::TempDir dir;
  Diagnostics diags;
  CHECK_FALSE(plan_trust(true, "", env_of({}), diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].detail.find("-trusted-keys FILE or FEDPLAN_PLAN_TRUSTED_KEYS") !=
        std::string::npos);
  std::string bad = dir.write("bad.pem", std::string("# keys\n") + kSignerPem);
  Diagnostics more;
  CHECK_FALSE(plan_trust(false, bad, nullptr, more));
  REQUIRE(more.has_errors());
  CHECK(more.items[0].detail.rfind(bad + ":2: expected an Ed25519 public key", 0) == 0);
}

TEST_CASE("the signing key comes from the flag, then the environment's PEM, then its file") {
  testing::TempDir dir;
  std::string file = dir.write("signer.pem", kSignerPem);
  Diagnostics diags;
  CHECK_FALSE(plan_signing_key("", env_of({}), diags));
  CHECK_FALSE(diags.has_errors());
  auto key = plan_signing_key(file, env_of({{"FEDPLAN_PLAN_SIGNING_KEY", kOtherPem}}), diags);
  REQUIRE(key);
  CHECK(key->fingerprint() == kSignerFingerprint);
  key = plan_signing_key("", env_of({{"FEDPLAN_PLAN_SIGNING_KEY", kOtherPem}}), diags);
  REQUIRE(key);
  CHECK(key->fingerprint() != kSignerFingerprint);
  key = plan_signing_key("", env_of({{"FEDPLAN_PLAN_SIGNING_KEY_FILE", file}}), diags);
  REQUIRE(key);
  CHECK(key->fingerprint() == kSignerFingerprint);
  CHECK_FALSE(diags.has_errors());
  CHECK_FALSE(
      plan_signing_key("", env_of({{"FEDPLAN_PLAN_SIGNING_KEY", kSignerPublicPem}}), diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary == "Invalid plan signing key");
  CHECK(diags.items[0].detail.rfind("FEDPLAN_PLAN_SIGNING_KEY: expected an Ed25519 private", 0) ==
        0);
  Diagnostics missing;
  CHECK_FALSE(plan_signing_key(dir / "nope.pem", nullptr, missing));
  REQUIRE(missing.has_errors());
  CHECK(missing.items[0].detail.find("nope.pem") != std::string::npos);
}

}  // namespace fedplan
