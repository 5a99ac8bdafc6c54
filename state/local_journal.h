// The local backend's journal format: the changes of an apply's writes appended beside the
// state file, one record per write with its length and checksum, folded into the state on read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "state/backend.h"

namespace fedplan {

// The newest journal format this build reads and writes.
inline constexpr int kJournalVersion = 1;

// Which state file a journal adds to: the file whose lineage and serial these are. A journal
// whose base is not the state file beside it is left from before that file was written.
struct JournalBase {
  std::string lineage;
  uint64_t serial = 0;
};

// The journal's first line, for `base`.
std::string journal_header(const JournalBase& base);

// A record's body for `changes` stored as serial `serial`: a control line (serial, lineage,
// the entries removed, the pending operations set and removed) and then a state document
// holding the outputs and the entries set. With `same_outputs` the outputs are left out:
// they are those of the record or file before.
std::string journal_record_body(const EncodedChanges& changes, uint64_t serial, bool same_outputs);

// Whether two sets of outputs are the same (a record may then leave them out).
bool same_outputs(const std::map<std::string, OutputState>& a,
                  const std::map<std::string, OutputState>& b);

// `body` as it is appended: "R LENGTH SHA256\n" BODY "\n".
std::string frame_journal_record(std::string_view body);

// A journal's bytes split into its header and records, every record's checksum checked.
struct JournalText {
  JournalBase base;
  std::vector<std::string_view> bodies;  // the records' bodies, in order
  std::vector<size_t> lines;             // the line each record starts on, for messages
  // The last record is incomplete (a writer was killed while appending it): it is ignored.
  bool torn = false;
  // The last record is whole but its checksum does not match (damaged on disk): ignored.
  bool damaged_tail = false;
};

// Splits `text` (the journal `file`). false with an error naming the file and line when the
// header is not a journal's, or a record before the last one is damaged.
bool split_journal(std::string_view text, const std::string& file, JournalText* out,
                   Diagnostics& diags);

// Makes the changes of one record's body (`where` names it in messages) to `state`, which must
// have the record's lineage and a lower serial; with `heads_only` only its serial is taken.
bool fold_journal_record(std::string_view body, const std::string& where, bool heads_only,
                         State& state, Diagnostics& diags);

}  // namespace fedplan
