// Reading "pending_operations": each create's entry is decoded as a resources[] entry of a
// small state document, so the one set of entry checks serves both lists.
#include "state/pending_operations.h"

#include "state/state_json.h"

namespace fedplan {

using nlohmann::json;

bool read_pending_operations(const json& ops, State& state, const std::string& file,
                             Diagnostics& diags) {
  json doc = {{"version", kStateVersion},
              {"lineage", state.lineage},
              {"serial", state.serial},
              {"resources", json::array()}};
  bool shaped = ops.is_array();
  for (size_t i = 0; shaped && i < ops.size(); ++i) {
    const json& op = ops[i];
    shaped = op.is_object() && op.value("operation", json()) == "create" &&
             op.contains("resource") && op["resource"].is_object() &&
             !op["resource"].contains("deposed");
    if (shaped) doc["resources"].push_back(op["resource"]);
  }
  if (!shaped) {
    diags.error("Invalid state file " + file,
                "\"pending_operations\" must be an array of "
                "{\"operation\": \"create\", \"resource\": {...}} objects.");
    return false;
  }
  std::optional<State> ops_state = decode_state(doc.dump(), file + " (pending_operations)", diags);
  if (!ops_state) return false;
  state.pending = std::move(ops_state->instances);
  return true;
}

}  // namespace fedplan
