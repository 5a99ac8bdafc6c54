// Signed saved plans: `plan -out` signs the plan document with an Ed25519 key, `apply` checks
// the signature and, in CI, that a trusted key made it (docs/ci.md).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"
#include "base/ed25519.h"

namespace fedplan {

// The top-level key of a plan document holding its signature: {"method": "ed25519",
// "public_key": base64 of the 32 raw bytes, "fingerprint": "SHA256:…", "value": base64}.
inline constexpr const char* kPlanSignatureKey = "signature";

// Sets doc["signature"] to `key`'s signature of the rest of `doc`. The signed bytes are a
// fixed prefix and doc.dump() without "signature" and "file_digest": keys sorted, no spaces,
// so every value apply reads is covered, and re-indenting the file is not an edit.
void sign_plan_document(nlohmann::json& doc, const Ed25519Key& key);

// Who signed `doc`: "" when it has no signature, the fingerprint of the key when the signature
// matches the rest of the document; nullopt with `err` when it does not (the document was
// changed after signing) or the signature entry is malformed.
std::optional<std::string> plan_document_signer(const nlohmann::json& doc, std::string* err);

// Reads an environment variable (CliContext::getenv in the CLI, a map in tests).
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The key `plan -out` signs with: the -sign-key file when given, else FEDPLAN_PLAN_SIGNING_KEY
// (the PEM text itself), else FEDPLAN_PLAN_SIGNING_KEY_FILE. nullopt when none is set, or with
// an error naming the file or variable when it is not an Ed25519 private key.
std::optional<Ed25519Key> plan_signing_key(const std::string& flag_file, const EnvLookup& env,
                                           Diagnostics& diags);

// What apply demands of a saved plan's signature.
struct PlanTrust {
  bool require = false;             // -require-signature: an unsigned plan is refused
  std::string keys_file;            // where `trusted` was read, for messages
  std::vector<Ed25519Key> trusted;  // empty: any valid signature is accepted
};

// The trust apply works with: -trusted-keys FILE, else FEDPLAN_PLAN_TRUSTED_KEYS (a file
// path); -require-signature needs one of them. nullopt with an error naming the file and line
// of a key that does not read.
std::optional<PlanTrust> plan_trust(bool require, const std::string& flag_file,
                                    const EnvLookup& env, Diagnostics& diags);

// "" when a plan read from `path` with `signer` (as plan_document_signer found it) satisfies
// `trust`; else why it is refused, naming the file and the key's fingerprint.
std::string check_plan_trust(const std::string& path, const std::string& signer,
                             const PlanTrust& trust);

}  // namespace fedplan
