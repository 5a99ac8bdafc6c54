// Random identifiers: UUID version 4 from OpenSSL's CSPRNG, for state lineages and lock IDs.
// Kept apart so nothing else in state/ needs OpenSSL headers.
#pragma once

#include <string>

namespace fedplan {

// A random RFC 4122 version-4 UUID in lowercase 8-4-4-4-12 form. Aborts if the system's
// random source fails, since an unrandom lineage would silently merge unrelated states.
std::string new_uuid();

// True for text in the 8-4-4-4-12 hexadecimal form (any version).
bool looks_like_uuid(const std::string& text);

// A key for a deposed object, as State::depose makes them: 8 lower-case hexadecimal digits.
std::string new_deposed_key();
bool looks_like_deposed_key(const std::string& text);

}  // namespace fedplan
