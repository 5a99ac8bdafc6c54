// The errored-state file, written when an apply's state write fails: the whole state the
// apply held, in the state file format, so `fedplan state push` takes it back.
#include "engine/apply/errored_state.h"

#include "base/files.h"
#include "state/cipher.h"
#include "state/state_json.h"

namespace fedplan {

bool write_errored_state(const State& state, const std::string& path, const std::string& where,
                         Diagnostics& diags, const StateCipher* cipher) {
  std::string summary = "Apply stopped: the state could not be saved";
  std::string detail = "A write to the " + where +
                       " failed, so fedplan started no further steps, waited for those under "
                       "way, and reports none of them complete. ";
  if (path.empty()) {
    diags.error(summary, detail + "The state it holds was not written anywhere.");
    return false;
  }
  WriteFileOptions o;
  o.noun = "the errored-state file";
  std::string err;
  if (!write_file_atomic(path, seal_bytes(cipher, encode_state(state), "state"), o, &err)) {
    diags.error(summary, detail + "Writing the state it holds to " + path + " failed too: " + err);
    return false;
  }
  diags.error(summary, detail + "Everything it made is recorded in " + path +
                           ". Once the state can be written again, push it back with:\n"
                           "  fedplan state push " +
                           path + "\nthen run `fedplan plan` to see what is left to do.");
  return true;
}

}  // namespace fedplan
