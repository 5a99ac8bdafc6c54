// The state file format: State <-> JSON text, a cheap header scan, and the SHA-256 digest
// that saved plans record to notice a state that changed after they were made.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "state/state.h"

namespace fedplan {

// Encodes `state` as the state file text: pretty-printed, instances in address order, keys in
// a fixed order, a final newline. Equal states encode to equal bytes.
std::string encode_state(const State& state);

// One resources[] entry as encode_state writes it (an instance, or with `deposed` its key a
// deposed object), for writers that keep entries encoded between writes.
std::string encode_instance(const InstanceState& inst, const std::string& deposed = "");

// A state in encoded pieces: the identity fields and outputs of `head` (its instances and
// deposed objects are ignored), and every resources[] entry already encoded, in the order
// encode_state writes them (instances by address, then deposed objects).
struct EncodedState {
  State head;
  std::vector<std::shared_ptr<const std::string>> resources;
};

// The text encode_state gives for the state `encoded` stands for, byte for byte.
std::string assemble_state(const EncodedState& encoded);

// `state` without its instances and deposed objects: the head of an EncodedState.
State state_head(const State& state);
// `state` in encoded pieces, every entry encoded now.
EncodedState encode_pieces(const State& state);

// Decodes state file text. `file` names the source in diagnostics (a JSON syntax error carries
// its line and column). Refuses a format version newer than kStateVersion. Takes the text by
// value so a caller done with it can move it in.
std::optional<State> decode_state(std::string text, const std::string& file, Diagnostics& diags);

// The identity fields of a state file, read without building the whole document.
struct StateHeader {
  int version = 0;
  std::string lineage;
  uint64_t serial = 0;
};

// Checks that `text` is well-formed JSON throughout and reads its top-level version, lineage
// and serial. Used before overwriting a file: much cheaper than decode_state on big states.
std::optional<StateHeader> scan_state_header(std::string_view text, const std::string& file,
                                             Diagnostics& diags);

// sha256_hex(encode_state(state)), in lower-case hex.
std::string state_digest(const State& state);

}  // namespace fedplan
