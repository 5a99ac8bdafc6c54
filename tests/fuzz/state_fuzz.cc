// libFuzzer target for the state decoder: decodes the input as a state file and scans its
// header; a state that decodes must encode and decode again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "state/state_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  fedplan::Diagnostics scan;
  (void)fedplan::scan_state_header(text, "fuzz.state.json", scan);
  fedplan::Diagnostics diags;
  std::optional<fedplan::State> state = fedplan::decode_state(text, "fuzz.state.json", diags);
  if (!state) return 0;
  std::string once = fedplan::encode_state(*state);
  fedplan::Diagnostics again;
  std::optional<fedplan::State> back = fedplan::decode_state(once, "fuzz.state.json", again);
  // What fedplan writes it must read back unchanged, or a write would lose the state.
  if (!back || fedplan::encode_state(*back) != once) std::abort();
  return 0;
}
