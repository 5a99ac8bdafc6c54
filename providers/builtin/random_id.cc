// Random ids over libcrypto (see random_id.h).
#include "providers/builtin/random_id.h"

#include <openssl/rand.h>

#include <cstdint>

namespace fedplan::builtin {

std::optional<std::string> random_decimal_id() {
  uint64_t r = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&r), sizeof r) != 1) return std::nullopt;
  // 10^18 .. 10^19-1: always 19 digits. The modulo bias (under 2^-3) does not matter for ids.
  const uint64_t low = 1000000000000000000ULL;
  return std::to_string(low + r % (9 * low));
}

}  // namespace fedplan::builtin
