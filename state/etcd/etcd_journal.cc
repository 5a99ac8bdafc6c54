// EtcdBackend's journal: after a whole write, each write puts one record key holding only its
// changes (the local backend's record format), and every read folds the records in.
#include <cinttypes>
#include <cstdio>

#include "state/cipher.h"
#include "state/etcd/etcd_backend.h"
#include "state/gzip.h"
#include "state/local_journal.h"

namespace fedplan {

namespace {

// Authenticated with a sealed record, so a record never passes for a chunk or a manifest.
constexpr std::string_view kRecordPurpose = "state journal record";

// A bound on what one record may expand to (it is at most chunk_size compressed).
constexpr size_t kMaxRecordBytes = size_t{1} << 30;

}  // namespace

std::string EtcdBackend::record_key(uint64_t serial) const {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%020" PRIu64, serial);
  return key("journal/") + digits;
}

bool EtcdBackend::fold_records(std::vector<EtcdKv>& records, bool heads_only, State& state,
                               Known& known, Diagnostics& diags) {
  known.chunked_serial = state.serial;
  for (EtcdKv& kv : records) {
    std::optional<std::string> plain =
        open_bytes(options_.cipher, std::move(kv.value), kRecordPurpose, kv.key, diags);
    if (!plain) return false;
    // Compressed records start with the gzip magic; a record's text (from before compression)
    // starts with the journal header.
    if (has_gzip_magic(*plain)) {
      std::string why;
      plain = gzip_decompress(*plain, kMaxRecordBytes, &why);
      if (!plain) {
        diags.error(
            "The " + describe() + " is damaged: the journal record " + kv.key + " does not open",
            "Its gzip stream is damaged (" + why +
                "). fedplan does not guess what it held; nothing was changed.");
        return false;
      }
    }
    // One record framed as in the local journal: its header names the state it adds to,
    // the frame's checksum tells a damaged value from a whole one.
    JournalText journal;
    if (!split_journal(*plain, kv.key, &journal, diags)) return false;
    if (journal.torn || journal.damaged_tail || journal.bodies.size() != 1) {
      diags.error(
          "The " + describe() + " is damaged: the journal record " + kv.key + " is not whole",
          "Its bytes do not match its checksum. fedplan does not guess what it held; "
          "nothing was changed.");
      return false;
    }
    // Left from before the whole write that stored the chunked state: its changes are in it.
    if (journal.base.lineage != state.lineage || journal.base.serial != known.chunked_serial)
      continue;
    if (kv.key != record_key(state.serial + 1)) {
      diags.error("The " + describe() + " is damaged: the journal record " + kv.key +
                      " does not follow serial " + std::to_string(state.serial),
                  "Records add to the state one serial after another, and " +
                      record_key(state.serial + 1) + " is missing. Nothing was changed.");
      return false;
    }
    if (!fold_journal_record(journal.bodies[0], kv.key, heads_only, state, diags)) return false;
    known.record_revision = kv.mod_revision;
  }
  return true;
}

bool EtcdBackend::write_changes(EncodedChanges& changes, const WriteOptions& options,
                                Diagnostics& diags) {
  if (!changes_base_ || !known_ || !known_->header) {
    diags.error("Cannot write the changes to the " + describe() + ": nothing written before them",
                "A bug in fedplan: changes alone were given before a whole state was written.");
    return false;
  }
  uint64_t next = 0;
  if (!check_overwrite(&*known_->header, changes.head, options, describe(), &next, diags))
    return false;
  bool same = same_outputs(written_outputs_, changes.head.outputs);
  std::string body = journal_record_body(changes, next, same);
  std::string record =
      journal_header({changes.head.lineage, known_->chunked_serial}) + frame_journal_record(body);
  std::string value = seal_bytes(options_.cipher, gzip_compress(record, kGzipFast), kRecordPurpose);
  if (value.size() > options_.chunk_size) return write_folded(changes, body, options, diags);

  // Only if the state is still what this backend's last write left: the same manifest, the
  // newest record the one it put, and no record at `next` yet (so two writers never both
  // append), and, while this run holds the lock, the same lock key.
  std::string at = record_key(next);
  std::vector<EtcdCompare> compare = {{EtcdCompare::Target::Mod, key("state"), known_->revision},
                                      {EtcdCompare::Target::Create, at, 0}};
  if (known_->record_revision)
    compare.push_back(
        {EtcdCompare::Target::Mod, record_key(known_->header->serial), known_->record_revision});
  if (lock_revision_) compare.push_back({EtcdCompare::Target::Create, key("lock"), lock_revision_});
  std::optional<EtcdTxnResult> t = client_->txn(compare, {EtcdOp::put(at, value)},
                                                {EtcdOp::get(at), EtcdOp::get(key("lock"))}, diags);
  if (!t) {
    diags.items.back().detail += " The state write may or may not have been stored.";
    changes_base_ = false;
    known_.reset();
    return false;
  }
  // A repeat of a transaction that had gone through (the first answer was lost) finds its
  // own record: sealed or not, no other write puts the same bytes there.
  if (!t->succeeded && !t->ranges.empty() && !t->ranges[0].kvs.empty() &&
      t->ranges[0].kvs[0].value == value) {
    t->succeeded = true;
    t->revision = t->ranges[0].kvs[0].mod_revision;
  }
  if (!t->succeeded) {
    changes_base_ = false;
    known_.reset();
    if (lost_lock(*t, 1))
      lock_lost(diags);
    else
      refuse_changes(changes, options, diags);
    return false;
  }
  known_->header->serial = next;
  known_->record_revision = t->revision;
  if (!same) written_outputs_ = changes.head.outputs;
  changes.head.serial = next;
  return true;
}

void EtcdBackend::refuse_changes(const EncodedChanges& changes, const WriteOptions& options,
                                 Diagnostics& diags) {
  // The stored state's serial makes the usual refusal; without a newer one, the changes
  // still have no base.
  Known stored;
  Diagnostics why;
  std::optional<State> state = load_state(&stored, why);
  uint64_t next = 0;
  if (state && !check_overwrite(stored.header ? &*stored.header : nullptr, changes.head, options,
                                describe(), &next, diags))
    return;
  diags.error("Refusing to write the " + describe() + ": it changed since it was read",
              "Another write was stored since this run's last one. Nothing was written; run "
              "the command again to work from the current state.");
  if (!state) diags.append(std::move(why));
}

bool EtcdBackend::write_folded(EncodedChanges& changes, std::string_view body,
                               const WriteOptions& options, Diagnostics& diags) {
  Known stored;
  std::optional<State> state = load_state(&stored, diags);
  if (!state) return false;
  if (stored.revision != known_->revision || !stored.header ||
      stored.header->serial != known_->header->serial) {
    changes_base_ = false;
    known_.reset();
    refuse_changes(changes, options, diags);
    return false;
  }
  uint64_t serial = state->serial;
  if (!fold_journal_record(body, "the changes of this write", false, *state, diags)) return false;
  state->serial = serial;  // the write gives it the next one
  known_ = std::move(stored);
  if (!write(*state, options, diags)) return false;
  changes.head.serial = state->serial;
  return true;
}

}  // namespace fedplan
