// EtcdBackend: reading and writing the chunked state, and the workspaces under the prefix.
// The lock lives in etcd_lock.cc.
#include "state/etcd/etcd_backend.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/digest.h"
#include "state/gzip.h"

namespace fedplan {

namespace {

// etcd refuses a transaction with more than 128 operations per branch (--max-txn-ops).
constexpr size_t kMaxTxnOps = 120;

}  // namespace

EtcdBackend::EtcdBackend(std::shared_ptr<EtcdClient> client, EtcdBackendOptions options,
                         Clock* clock)
    : client_(std::move(client)),
      options_(std::move(options)),
      clock_(clock ? clock : &system_clock_) {}

EtcdBackend::~EtcdBackend() {
  if (lock_id_.empty()) return;
  Diagnostics ignored;  // a destructor has no one to tell
  unlock(lock_id_, ignored);
}

std::string EtcdBackend::key(const std::string& leaf) const {
  return options_.prefix + options_.workspace + "/" + leaf;
}

std::string EtcdBackend::describe() const {
  return "etcd state " + key("") + " (" + client_->describe() + ")";
}

std::optional<EtcdBackend::Known> EtcdBackend::load(std::string* text, std::vector<EtcdKv>* records,
                                                    Diagnostics& diags) {
  std::string prefix = key(""), end = etcd_prefix_end(prefix), chunk_prefix = key("chunks/");
  std::string journal_prefix = key("journal/");
  records->clear();
  std::map<std::string, std::string> chunks;
  std::optional<EtcdKv> manifest_kv;
  // Page by page, every page at the first one's revision: one consistent snapshot.
  EtcdRangeRequest request{.key = prefix, .range_end = end, .limit = 64};
  while (true) {
    std::optional<EtcdRange> r = client_->range(request, diags);
    if (!r) return std::nullopt;
    if (!request.revision) request.revision = r->revision;
    for (EtcdKv& kv : r->kvs) {
      if (kv.key == key("state"))
        manifest_kv = std::move(kv);
      else if (kv.key.starts_with(chunk_prefix))
        chunks[kv.key.substr(chunk_prefix.size())] = std::move(kv.value);
      else if (kv.key.starts_with(journal_prefix))
        records->push_back(std::move(kv));  // in key order: serial order
    }
    if (!r->more || r->kvs.empty()) break;
    request.key = r->kvs.back().key + '\0';
  }
  Known k;
  text->clear();
  std::set<std::string> named;
  if (manifest_kv) {
    std::string where = "at " + key("state");
    std::optional<std::string> plain =
        open_bytes(options_.cipher, std::move(manifest_kv->value), "state", key("state"), diags);
    if (!plain) return std::nullopt;
    std::optional<ChunkManifest> m = decode_manifest(*plain, where, diags);
    if (!m) return std::nullopt;
    for (const ChunkRef& c : m->chunks) {
      auto it = chunks.find(c.id);
      if (it == chunks.end()) {
        diags.error("The " + describe() + " is damaged: chunk " + c.id + " is missing",
                    "The manifest " + key("state") + " names " + key("chunks/" + c.id) +
                        ", which does not exist. Nothing was changed.");
        return std::nullopt;
      }
      // A copy: equal pieces share one chunk, which the manifest then names more than once.
      std::optional<std::string> piece =
          open_bytes(options_.cipher, it->second, "state", key("chunks/" + c.id), diags);
      if (!piece) return std::nullopt;
      std::string why;
      if (c.encoding == ChunkEncoding::Gzip) piece = gzip_decompress(*piece, c.size, &why);
      if (!piece || piece->size() != c.size || sha256_hex(*piece) != c.sha256) {
        diags.error(
            "The " + describe() + " is damaged: chunk " + c.id + " does not match its digest",
            key("chunks/" + c.id) + " is not the content the manifest recorded" +
                (why.empty() ? "" : " (" + why + ")") + ". Nothing was changed.");
        return std::nullopt;
      }
      text->append(*piece);
      named.insert(c.id);
    }
    k.revision = manifest_kv->mod_revision;
    k.manifest = std::move(*m);
  }
  for (const auto& [id, value] : chunks)
    if (!named.count(id)) k.garbage.push_back(id);
  return k;
}

std::optional<std::string> EtcdBackend::stored_text(Diagnostics& diags) {
  std::string text;
  std::vector<EtcdKv> records;
  std::optional<Known> k = load(&text, &records, diags);
  if (!k || !k->revision) return std::nullopt;
  return text;
}

std::optional<State> EtcdBackend::load_state(Known* known, Diagnostics& diags) {
  std::string text;
  std::vector<EtcdKv> records;
  std::optional<Known> k = load(&text, &records, diags);
  if (!k) return std::nullopt;
  if (!k->revision) {
    *known = std::move(*k);
    return State::fresh();
  }
  std::optional<State> state = decode_state(std::move(text), describe(), diags);
  if (!state || !fold_records(records, false, *state, *k, diags)) return std::nullopt;
  k->header = StateHeader{state->version, state->lineage, state->serial};
  *known = std::move(*k);
  return state;
}

std::optional<State> EtcdBackend::read(Diagnostics& diags) {
  changes_base_ = false;
  Known k;
  std::optional<State> state = load_state(&k, diags);
  if (state) known_ = std::move(k);
  return state;
}

bool EtcdBackend::write(State& state, const WriteOptions& options, Diagnostics& diags) {
  // One path for both: a whole state is put in encoded pieces (the same text) first.
  EncodedState encoded = encode_pieces(state);
  if (!write_encoded(encoded, options, diags)) return false;
  state.serial = encoded.head.serial;
  return true;
}

bool EtcdBackend::write_encoded(EncodedState& encoded, const WriteOptions& options,
                                Diagnostics& diags) {
  return store(encoded.head, options, state_text_for(encoded), &encoded.head.serial, diags);
}

bool EtcdBackend::store(const State& state, const WriteOptions& options,
                        const StateTextFor& text_for, uint64_t* serial, Diagnostics& diags) {
  changes_base_ = false;
  // known_ is what this backend last read or wrote; the compare-and-swap proves it is still
  // stored. When it is not, the stored state is read again and the checks run on it.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (!known_) {
      std::string text;
      std::vector<EtcdKv> records;
      Diagnostics why;
      std::optional<Known> k = load(&text, &records, why);
      if (k && k->revision) {
        k->header = scan_state_header(text, describe(), why);
        State head;
        if (k->header) head.lineage = k->header->lineage, head.serial = k->header->serial;
        if (!k->header || !fold_records(records, true, head, *k, why))
          k.reset();
        else
          k->header->serial = head.serial;
      }
      if (!k) {
        diags.error("Refusing to overwrite the " + describe() + ": it cannot be read",
                    "Nothing was written.");
        diags.append(std::move(why));
        return false;
      }
      known_ = std::move(k);
    }
    uint64_t next = 0;
    if (!check_overwrite(known_->header ? &*known_->header : nullptr, state, options, describe(),
                         &next, diags))
      return false;
    Known after;
    switch (commit(text_for(next), &after, diags)) {
      case Commit::Done:
        after.header = StateHeader{kStateVersion, state.lineage, next};
        after.chunked_serial = next;
        known_ = std::move(after);
        *serial = next;
        changes_base_ = true;
        written_outputs_ = state.outputs;
        return true;
      case Commit::Conflict:
        known_.reset();  // someone else wrote: read again, and let the checks decide
        continue;
      case Commit::LockLost:
      case Commit::Failed:
        known_.reset();
        return false;
    }
  }
  diags.error("Cannot write the " + describe() + ": it kept changing while fedplan wrote it",
              "Three compare-and-swap attempts found a newer state each time. Nothing was "
              "written by this run; is another run writing with -lock=false?");
  return false;
}

EtcdBackend::Commit EtcdBackend::commit(const std::string& text, Known* next, Diagnostics& diags) {
  // A piece whose content a chunk of the known manifest holds keeps that chunk (and the
  // encoding it was stored in); the others are compressed, then sealed, each on its own.
  std::map<std::string, ChunkRef> by_digest;
  for (const ChunkRef& c : known_->manifest.chunks) by_digest[c.sha256] = c;
  ChunkManifest m;
  m.write_id = new_chunk_id();
  std::vector<EtcdOp> puts;
  size_t put_bytes = 0;
  std::set<std::string> used;
  for (std::string_view piece : split_chunks(text, options_.chunk_size)) {
    std::string digest = sha256_hex(piece);
    auto [it, fresh] = by_digest.try_emplace(digest);
    if (fresh) {
      it->second = {new_chunk_id(), digest, piece.size(), ChunkEncoding::Gzip};
      puts.push_back(
          EtcdOp::put(key("chunks/" + it->second.id),
                      seal_bytes(options_.cipher, gzip_compress(piece, kGzipFast), "state")));
      put_bytes += puts.back().value.size();
    }
    m.chunks.push_back(it->second);
    used.insert(it->second.id);
  }
  // Chunks only the replaced manifest named, then chunks no manifest names (left by a write
  // that failed after putting them, or put by a writer about to commit: those only go in the
  // compare-and-swap, which fails if that writer committed first).
  std::vector<std::string> deletes;
  std::set<std::string> replaced;
  for (const ChunkRef& c : known_->manifest.chunks)
    if (!used.count(c.id) && replaced.insert(c.id).second) deletes.push_back(c.id);
  deletes.insert(deletes.end(), known_->garbage.begin(), known_->garbage.end());
  std::string manifest = seal_bytes(options_.cipher, encode_manifest(m), "state");

  // New chunks go in the transaction itself when they fit in one request; otherwise each
  // batch is put first (no manifest names them yet, so a reader never sees them) and the
  // transaction switches the manifest. Either way the state changes in one step.
  std::vector<EtcdOp> ops;
  if (put_bytes + manifest.size() <= options_.chunk_size && puts.size() < kMaxTxnOps / 2) {
    ops = std::move(puts);
  } else {
    std::vector<EtcdOp> batch;
    size_t batch_bytes = 0;
    for (size_t i = 0; i <= puts.size(); ++i) {
      bool last = i == puts.size();
      if (!batch.empty() && (last || batch_bytes + puts[i].value.size() > options_.chunk_size ||
                             batch.size() >= kMaxTxnOps / 2)) {
        if (!client_->txn({}, batch, {}, diags)) return Commit::Failed;
        batch.clear();
        batch_bytes = 0;
      }
      if (last) break;
      batch_bytes += puts[i].value.size();
      batch.push_back(std::move(puts[i]));
    }
  }
  ops.push_back(EtcdOp::put(key("state"), manifest));
  // The journal's records are in `text` now (or left from before the state read).
  std::string journal = key("journal/");
  ops.push_back(EtcdOp::del(journal, etcd_prefix_end(journal)));
  size_t deleted = 0;
  for (; deleted < deletes.size() && ops.size() < kMaxTxnOps; ++deleted)
    ops.push_back(EtcdOp::del(key("chunks/" + deletes[deleted])));
  std::vector<EtcdCompare> compare = {{EtcdCompare::Target::Mod, key("state"), known_->revision}};
  if (lock_revision_) compare.push_back({EtcdCompare::Target::Create, key("lock"), lock_revision_});
  // Records are appended at the next serial only: no record was added since this one read.
  if (known_->header)
    compare.push_back({EtcdCompare::Target::Create, record_key(known_->header->serial + 1), 0});

  std::optional<EtcdTxnResult> t =
      client_->txn(compare, ops, {EtcdOp::get(key("state")), EtcdOp::get(key("lock"))}, diags);
  if (!t) {
    diags.items.back().detail += " The state write may or may not have been stored.";
    return Commit::Failed;
  }
  if (!t->succeeded && t->ranges.size() == 2 && !t->ranges[0].kvs.empty()) {
    // A repeat of a transaction that had gone through (the first answer was lost) fails its
    // compare; the manifest it finds is then its own.
    Diagnostics ignored;
    std::optional<std::string> plain =
        open_bytes(options_.cipher, t->ranges[0].kvs[0].value, "state", "", ignored);
    std::optional<ChunkManifest> found =
        plain ? decode_manifest(*plain, "", ignored) : std::nullopt;
    if (found && found->write_id == m.write_id) {
      t->succeeded = true;
      t->revision = t->ranges[0].kvs[0].mod_revision;
    }
  }
  if (t->succeeded) {
    next->revision = t->revision;
    next->manifest = std::move(m);
    // What did not fit: chunks of the replaced manifest go now (no manifest can name them
    // again: IDs are never reused), the others in the next write's compare-and-swap.
    std::vector<EtcdOp> batch;
    for (size_t i = deleted; i < deletes.size(); ++i) {
      if (!replaced.count(deletes[i])) {
        next->garbage.push_back(deletes[i]);
        continue;
      }
      batch.push_back(EtcdOp::del(key("chunks/" + deletes[i])));
      if (batch.size() == kMaxTxnOps || i + 1 == deletes.size()) {
        Diagnostics ignored;  // a chunk left behind is found and deleted by a later write
        client_->txn({}, batch, {}, ignored);
        batch.clear();
      }
    }
    if (!batch.empty()) {
      Diagnostics ignored;
      client_->txn({}, batch, {}, ignored);
    }
    return Commit::Done;
  }
  if (lost_lock(*t, 1)) {
    lock_lost(diags);
    return Commit::LockLost;
  }
  return Commit::Conflict;
}

bool EtcdBackend::lost_lock(const EtcdTxnResult& t, size_t at) const {
  return lock_revision_ && (t.ranges.size() <= at || t.ranges[at].kvs.empty() ||
                            t.ranges[at].kvs[0].create_revision != lock_revision_);
}

void EtcdBackend::lock_lost(Diagnostics& diags) const {
  diags.error("Cannot write the " + describe() + ": this run no longer holds the state lock",
              "Its lease on " + key("lock") + " expired (etcd was unreachable for longer than " +
                  "lock_ttl, " + std::to_string(options_.lock_ttl.count()) +
                  "s) or the lock was broken with force-unlock, and another run may hold it "
                  "now. Nothing was written.");
}

std::vector<std::string> EtcdBackend::workspaces(Diagnostics& diags) {
  std::set<std::string> names = {"default"};
  EtcdRangeRequest request{
      .key = options_.prefix, .range_end = etcd_prefix_end(options_.prefix), .keys_only = true};
  std::optional<EtcdRange> r = client_->range(request, diags);
  if (!r) return {};
  for (const EtcdKv& kv : r->kvs) {
    std::string rest = kv.key.substr(options_.prefix.size());
    size_t slash = rest.find('/');
    if (slash != std::string::npos && rest.substr(slash + 1) == "state")
      names.insert(rest.substr(0, slash));
  }
  return {names.begin(), names.end()};
}

bool EtcdBackend::delete_workspace(const std::string& name, Diagnostics& diags) {
  if (!check_workspace_name(name, diags)) return false;  // no '/': never another prefix
  if (name == options_.workspace || name == "default") {
    diags.error("Cannot delete the workspace \"" + name + "\"",
                name == "default" ? "The default workspace always exists."
                                  : "It is the current one; select another workspace first.");
    return false;
  }
  std::string prefix = options_.prefix + name + "/";
  std::string lock_key = prefix + "lock";
  std::optional<EtcdTxnResult> t =
      client_->txn({{EtcdCompare::Target::Create, lock_key, 0, {}}},
                   {EtcdOp::del(prefix, etcd_prefix_end(prefix))}, {EtcdOp::get(lock_key)}, diags);
  if (!t) return false;
  if (!t->succeeded) {
    std::string holder = "someone";
    if (!t->ranges.empty() && !t->ranges[0].kvs.empty())
      if (auto info =
              LockInfo::from_json(nlohmann::json::parse(t->ranges[0].kvs[0].value, nullptr, false)))
        holder = info->describe();
    diags.error("Cannot delete the workspace \"" + name + "\": it is locked by " + holder,
                "Nothing was deleted.");
    return false;
  }
  return true;
}

}  // namespace fedplan
