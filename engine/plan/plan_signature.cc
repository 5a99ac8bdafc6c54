// Signing and checking saved plans (see plan_signature.h). The signature sits inside the plan
// document, under the state cipher's seal when there is one, so it names what the plan says
// whichever key encrypts the file.
#include "engine/plan/plan_signature.h"

#include "base/base64.h"
#include "base/files.h"

namespace fedplan {

namespace {

// Binds a signature to its use: bytes signed for something else never pass as a plan's.
constexpr const char* kSignedPrefix = "fedplan-plan-signature-v1\n";

std::string signed_bytes(nlohmann::json doc) {
  doc.erase(kPlanSignatureKey);
  doc.erase("file_digest");
  return kSignedPrefix + doc.dump();
}

std::string entry_string(const nlohmann::json& sig, const char* key) {
  auto it = sig.find(key);
  return it != sig.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

void sign_plan_document(nlohmann::json& doc, const Ed25519Key& key) {
  std::string sig = key.sign(signed_bytes(doc));
  doc[kPlanSignatureKey] = {{"method", "ed25519"},
                            {"public_key", base64_encode(key.public_raw())},
                            {"fingerprint", key.fingerprint()},
                            {"value", base64_encode(sig)}};
}

std::optional<std::string> plan_document_signer(const nlohmann::json& doc, std::string* err) {
  auto fail = [&](const std::string& why) {
    if (err) *err = why;
    return std::nullopt;
  };
  auto it = doc.find(kPlanSignatureKey);
  if (it == doc.end()) return "";
  const nlohmann::json& sig = *it;
  if (!sig.is_object() || entry_string(sig, "method") != "ed25519")
    return fail("signature: expected an object with \"method\": \"ed25519\"");
  auto raw = base64_decode(entry_string(sig, "public_key"));
  auto key = raw ? Ed25519Key::from_public_raw(*raw) : std::nullopt;
  if (!key) return fail("signature.public_key: expected the base64 of a 32-byte Ed25519 key");
  std::string fingerprint = key->fingerprint();
  if (entry_string(sig, "fingerprint") != fingerprint)
    return fail("signature.fingerprint: " + entry_string(sig, "fingerprint") +
                " is not the fingerprint of signature.public_key (" + fingerprint + ")");
  auto value = base64_decode(entry_string(sig, "value"));
  if (!value || !key->verify(signed_bytes(doc), *value))
    return fail("the plan was changed after it was signed: its signature by key " + fingerprint +
                " does not match its content");
  return fingerprint;
}

std::optional<Ed25519Key> plan_signing_key(const std::string& flag_file, const EnvLookup& env,
                                           Diagnostics& diags) {
  std::string pem, where;
  auto get = [&](const char* name) { return env ? env(name) : std::nullopt; };
  std::string file = flag_file;
  if (file.empty()) {
    if (auto text = get("FEDPLAN_PLAN_SIGNING_KEY"); text && !text->empty()) {
      pem = *text;
      where = "FEDPLAN_PLAN_SIGNING_KEY";
    } else if (auto path = get("FEDPLAN_PLAN_SIGNING_KEY_FILE"); path && !path->empty()) {
      file = *path;
    }
  }
  if (!file.empty()) {
    std::string err;
    if (!read_file(file, &pem, &err, "the plan signing key")) {
      diags.error("Cannot read the plan signing key", err);
      return std::nullopt;
    }
    where = file;
  }
  if (where.empty()) return std::nullopt;
  std::string why;
  auto key = Ed25519Key::from_private_pem(pem, &why);
  if (!key) diags.error("Invalid plan signing key", where + ": " + why);
  return key;
}

std::optional<PlanTrust> plan_trust(bool require, const std::string& flag_file,
                                    const EnvLookup& env, Diagnostics& diags) {
  PlanTrust trust;
  trust.require = require;
  trust.keys_file = flag_file;
  if (trust.keys_file.empty() && env)
    trust.keys_file = env("FEDPLAN_PLAN_TRUSTED_KEYS").value_or("");
  if (trust.keys_file.empty()) {
    if (!require) return trust;
    diags.error("No trusted keys",
                "-require-signature needs the public keys a plan may be signed by: "
                "-trusted-keys FILE or FEDPLAN_PLAN_TRUSTED_KEYS (a file of PEM public keys).");
    return std::nullopt;
  }
  std::string text, err;
  if (!read_file(trust.keys_file, &text, &err, "the trusted keys file")) {
    diags.error("Cannot read the trusted keys", err);
    return std::nullopt;
  }
  auto keys = read_public_keys_pem(text, trust.keys_file, &err);
  if (!keys) {
    diags.error("Invalid trusted keys", err);
    return std::nullopt;
  }
  trust.trusted = std::move(*keys);
  return trust;
}

std::string check_plan_trust(const std::string& path, const std::string& signer,
                             const PlanTrust& trust) {
  if (signer.empty())
    return trust.require ? path +
                               " is not signed, and -require-signature refuses unsigned plans. "
                               "Make it with `fedplan plan -out FILE -sign-key KEY` (or "
                               "FEDPLAN_PLAN_SIGNING_KEY)."
                         : "";
  if (trust.trusted.empty()) return "";
  std::string known;
  for (const Ed25519Key& key : trust.trusted) {
    if (key.fingerprint() == signer) return "";
    known += (known.empty() ? "" : ", ") + key.fingerprint();
  }
  return path + " is signed by key " + signer + ", which is not one of the trusted keys in " +
         trust.keys_file + " (" + known + "). Nothing was applied.";
}

}  // namespace fedplan
