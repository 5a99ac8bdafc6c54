// Saved plans (`plan -out FILE`, `apply FILE`, `show FILE`): a Plan as a JSON document with a
// format marker and version, values kept lossless (unknown and sensitive marks, value kinds).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/plan/plan.h"

namespace fedplan {

class Ed25519Key;
class StateCipher;

// The marker in every plan file's "format" key, and the newest version this build reads.
inline constexpr const char* kPlanFileFormat = "fedplan-plan";
inline constexpr int kPlanFileVersion = 1;
// The top-level key holding the SHA-256 (hex) of the document without it: an integrity check
// against accidental edits and damage, not a signature (anyone can compute it again).
inline constexpr const char* kPlanFileDigestKey = "file_digest";

// The plan as its saved document. Sensitive values are stored in clear (apply needs them), with
// masks saying where they are: a plan file must be protected like the state.
nlohmann::json encode_plan(const Plan& plan);

// The plan from a saved document; nullopt with `err` set when it is not one this build reads.
// `err` names the offending key, e.g. `changes[2].address: expected a name at column 1 ...`.
std::optional<Plan> decode_plan(const nlohmann::json& doc, std::string* err);

// The text of a plan file holding `doc`: compact JSON with its kPlanFileDigestKey set, signed
// by `key` when given (engine/plan/plan_signature.h).
std::string plan_file_text(nlohmann::json doc, const Ed25519Key* key = nullptr);

// Writes the plan to `path` with mode 0600 through a temp file in the same directory, synced
// and renamed over `path`, so a reader never sees half a plan. False with `err` on failure.
// With a cipher the file is sealed (state/cipher.h, purpose "plan"); with a key the plan is
// signed first, inside the seal.
bool write_plan_file(const std::string& path, const Plan& plan, std::string* err,
                     const StateCipher* cipher = nullptr, const Ed25519Key* key = nullptr);

// Reads a plan written by write_plan_file. A missing file, a file that is not a plan (not
// JSON, a state file, no format marker), a newer format, a file whose content no longer matches
// its digest, or a damaged plan (nested deeper than kMaxJsonDepth, a number beyond a double, a
// bad field) give nullopt and a sentence in `err` that names the file and the field.
// A sealed plan needs the cipher that sealed it (or one with that key as its fallback). A signed
// plan whose signature does not match its content is refused; `signer` gets the signing key's
// fingerprint ("" for an unsigned plan).
std::optional<Plan> read_plan_file(const std::string& path, std::string* err,
                                   const StateCipher* cipher = nullptr,
                                   std::string* signer = nullptr);

}  // namespace fedplan
