// The etcd backend's journal against a real etcd: after a whole write, each write stores only
// its changes as one record key, readers fold the records, whole writes remove them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/digest.h"
#include "base/http/beast_transport.h"
#include "base/http/retry.h"
#include "state/etcd/etcd_backend.h"
#include "state/etcd/failover_transport.h"
#include "state/etcd/testing/etcd_backend_fixture.h"
#include "state/etcd/testing/refused.h"
#include "state/gzip.h"
#include "state/local_journal.h"

namespace fedplan {
namespace {

using testing::EtcdBackendFixture;

InstanceState journal_object(int i, const std::string& value) {
  return testing::padded_object("j", i, value);
}

// The changes that set objects [from, to) to `value`, on top of `head`.
EncodedChanges setting(const State& head, int from, int to, const std::string& value) {
  EncodedChanges c;
  c.head = head;
  c.head.instances.clear();
  for (int i = from; i < to; ++i) {
    InstanceState o = journal_object(i, value);
    c.entries.push_back({o.addr, "", std::make_shared<const std::string>(encode_instance(o))});
  }
  return c;
}

// The keys under the default workspace's `leaf` prefix ("journal/", "chunks/").
std::vector<EtcdKv> keys_under(const EtcdBackendFixture& f, const std::string& leaf) {
  std::vector<EtcdKv> out;
  for (EtcdKv& kv : f.keys())
    if (kv.key.starts_with(f.options.prefix + "default/" + leaf)) out.push_back(std::move(kv));
  return out;
}

// A backend that has written a state of `n` objects, and that state.
std::pair<std::unique_ptr<EtcdBackend>, State> whole(const EtcdBackendFixture& f, int n) {
  auto backend = f.open();
  Diagnostics diags;
  State s = *backend->read(diags);
  for (int i = 0; i < n; ++i) s.set(journal_object(i, "v"));
  REQUIRE(backend->write(s, diags));
  return {std::move(backend), std::move(s)};
}

// `backend`, whose last write stored `head`, appends the changes setting objects [from, to).
EncodedChanges append(EtcdBackend& backend, const State& head, int from, int to,
                      const std::string& value) {
  EncodedChanges c = setting(head, from, to, value);
  Diagnostics diags;
  REQUIRE(backend.write_changes(c, WriteOptions{}, diags));
  return c;
}

// append() of object 1 set to `value`; the record's key.
EtcdKv append_one(const EtcdBackendFixture& f, EtcdBackend& backend, const State& s,
                  const std::string& value, EncodedChanges* changes = nullptr) {
  EncodedChanges c = append(backend, s, 1, 2, value);
  if (changes) *changes = c;
  std::vector<EtcdKv> journal = keys_under(f, "journal/");
  REQUIRE(!journal.empty());
  return journal.back();
}

TEST_CASE("a write after the first stores only its changes as one record key") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = whole(f, 300);
  std::vector<EtcdKv> chunks = keys_under(f, "chunks/");
  REQUIRE(backend->writes_changes());
  EncodedChanges c = setting(s, 150, 152, "changed");
  Diagnostics diags;
  REQUIRE(backend->write_changes(c, WriteOptions{}, diags));
  CHECK(c.head.serial == s.serial + 1);
  std::vector<EtcdKv> journal = keys_under(f, "journal/");
  REQUIRE(journal.size() == 1);
  CHECK(journal[0].key == f.options.prefix + "default/journal/00000000000000000002");
  CHECK(journal[0].value.size() < 2000);  // two objects, not the 70 KB state
  CHECK(has_gzip_magic(journal[0].value));
  // The chunks were not written again.
  std::vector<EtcdKv> after = keys_under(f, "chunks/");
  REQUIRE(after.size() == chunks.size());
  for (size_t i = 0; i < after.size(); ++i) CHECK(after[i].mod_revision == chunks[i].mod_revision);
}

TEST_CASE("every reader folds the records in serial order") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = whole(f, 20);
  Diagnostics diags;
  EncodedChanges first = append(*backend, s, 5, 7, "first");
  EncodedChanges second = setting(first.head, 6, 8, "second");
  second.entries.push_back({journal_object(0, "").addr, "", nullptr});  // removed
  REQUIRE(backend->write_changes(second, WriteOptions{}, diags));
  std::optional<State> seen = f.open()->read(diags);
  REQUIRE(seen);
  CHECK(seen->serial == 3);
  CHECK(seen->instances.size() == 19);
  CHECK(seen->find(journal_object(5, "").addr)->attributes["value"] == "first");
  CHECK(seen->find(journal_object(6, "").addr)->attributes["value"] == "second");
  CHECK(seen->find(journal_object(20, "").addr) == nullptr);
  CHECK(seen->find(journal_object(0, "").addr) == nullptr);
  CHECK(seen->find(journal_object(7, "").addr)->attributes["value"] == "second");
  CHECK(diags.empty());
}

TEST_CASE("a record stored before compression (plain text) is still folded") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = whole(f, 20);
  // A record as fedplan wrote it before compression: the framed text as it is.
  EncodedChanges c = setting(s, 3, 4, "plain");
  std::string plain = journal_header({s.lineage, s.serial}) +
                      frame_journal_record(journal_record_body(c, s.serial + 1, true));
  Diagnostics diags;
  REQUIRE(f.client->txn(
      {}, {EtcdOp::put(f.options.prefix + "default/journal/00000000000000000002", plain)}, {},
      diags));
  std::optional<State> seen = f.open()->read(diags);
  REQUIRE(seen);
  CHECK(seen->serial == s.serial + 1);
  CHECK(seen->find(journal_object(3, "").addr)->attributes["value"] == "plain");
  CHECK(diags.empty());
}

TEST_CASE("a whole write folds the records in and removes their keys in the same step") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = whole(f, 20);
  Diagnostics diags;
  EncodedChanges c = append(*backend, s, 3, 4, "journaled");
  REQUIRE(keys_under(f, "journal/").size() == 1);
  // Another run (state push) writes the whole state it read, records folded in.
  auto other = f.open();
  State read = *other->read(diags);
  REQUIRE(other->write(read, diags));
  CHECK(keys_under(f, "journal/").empty());
  State again = *f.open()->read(diags);
  CHECK(again.serial == 3);
  CHECK(again.find(journal_object(3, "").addr)->attributes["value"] == "journaled");
  // The first writer's next changes have no base any more: refused, nothing stored.
  EncodedChanges late = setting(c.head, 4, 5, "late");
  Diagnostics refused;
  CHECK_FALSE(backend->write_changes(late, WriteOptions{}, refused));
  CHECK(refused.items.at(0).summary.find("changed since it was read") != std::string::npos);
  CHECK(keys_under(f, "journal/").empty());
}

TEST_CASE("an append is refused when another writer appended first") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = whole(f, 20);
  Diagnostics diags;
  EncodedChanges c;
  append_one(f, *backend, s, "mine", &c);
  // Another writer's record for the next serial lands first.
  std::string theirs = f.options.prefix + "default/journal/00000000000000000003";
  REQUIRE(f.client->txn({}, {EtcdOp::put(theirs, "another writer's record")}, {}, diags));
  EncodedChanges next = setting(c.head, 2, 3, "lost?");
  Diagnostics refused;
  CHECK_FALSE(backend->write_changes(next, WriteOptions{}, refused));
  REQUIRE(refused.has_errors());
  CHECK(refused.items.at(0).summary.find("changed since it was read") != std::string::npos);
  std::vector<EtcdKv> journal = keys_under(f, "journal/");
  REQUIRE(journal.size() == 2);
  CHECK(journal[1].value == "another writer's record");
}

TEST_CASE("a damaged record is an error naming its key, and the state is not overwritten") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = whole(f, 20);
  Diagnostics diags;
  EtcdKv record = append_one(f, *backend, s, "mine");
  std::string damaged = record.value;
  damaged[damaged.size() - 10] ^= 1;
  REQUIRE(f.client->txn({}, {EtcdOp::put(record.key, damaged)}, {}, diags));
  testing::check_refused(f, s, record.key);
}

TEST_CASE("records left from before a whole write are ignored") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = whole(f, 20);
  Diagnostics diags;
  EtcdKv record = append_one(f, *backend, s, "old");
  auto other = f.open();
  State read = *other->read(diags);
  read.set(journal_object(1, "new"));
  REQUIRE(other->write(read, diags));
  // Put back as a program copying keys might: its base is not the stored state.
  REQUIRE(f.client->txn({}, {EtcdOp::put(record.key, record.value)}, {}, diags));
  State seen = *f.open()->read(diags);
  CHECK(diags.empty());
  CHECK(seen.serial == 3);
  CHECK(seen.find(journal_object(1, "").addr)->attributes["value"] == "new");
}

// Text gzip cannot shrink much: hex digests.
std::string noise(int i) {
  std::string out;
  for (int k = 0; k < 6; ++k) out += sha256_hex(std::to_string(i) + "/" + std::to_string(k));
  return out;
}

TEST_CASE("changes over the request limit are stored as a whole state") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 4096});
  auto [backend, s] = whole(f, 20);
  Diagnostics diags;
  EncodedChanges c = setting(s, 0, 0, "");  // about 12 KB of changes, 6 KB compressed
  for (int i = 10; i < 40; ++i) {
    InstanceState o = journal_object(i, "big");
    o.attributes["padding"] = noise(i);
    c.entries.push_back({o.addr, "", std::make_shared<const std::string>(encode_instance(o))});
  }
  REQUIRE(backend->write_changes(c, WriteOptions{}, diags));
  CHECK(c.head.serial == s.serial + 1);
  CHECK(keys_under(f, "journal/").empty());
  State seen = *f.open()->read(diags);
  CHECK(seen.serial == c.head.serial);
  CHECK(seen.instances.size() == 40);
  CHECK(seen.find(journal_object(39, "").addr)->attributes["value"] == "big");
  // And the next small changes go on as a record.
  EncodedChanges small = setting(c.head, 0, 1, "small");
  REQUIRE(backend->write_changes(small, WriteOptions{}, diags));
  CHECK(keys_under(f, "journal/").size() == 1);
  CHECK(f.open()->read(diags)->serial == small.head.serial);
}

TEST_CASE("with a cipher the records are sealed and read back") {
  StateCipher cipher(std::string(32, 'k'), "", false);
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536, .cipher = &cipher});
  auto [backend, s] = whole(f, 5);
  Diagnostics diags;
  CHECK(is_sealed(append_one(f, *backend, s, "sealed").value));
  CHECK(keys_under(f, "journal/").size() == 1);
  CHECK(f.open()->read(diags)->find(journal_object(1, "").addr)->attributes["value"] == "sealed");
}

// Passes requests to etcd, but once armed loses the answer to the next transaction, as a
// connection dropped after etcd committed it would; the retry layer then sends it again.
struct LosingTransport : HttpTransport {
  explicit LosingTransport(std::shared_ptr<HttpTransport> inner) : inner(std::move(inner)) {}
  HttpResponse send(const HttpRequest& request) override {
    HttpResponse answer = inner->send(request);
    if (!armed || !request.url.ends_with("/v3/kv/txn")) return answer;
    armed = false;
    HttpResponse lost;
    lost.error = HttpError::ConnectionDropped;
    lost.error_message = "the connection dropped (test)";
    return lost;
  }
  std::shared_ptr<HttpTransport> inner;
  bool armed = false;
};

TEST_CASE("an append whose answer was lost and that is sent again counts once") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  std::string err;
  std::shared_ptr<HttpTransport> beast = make_beast_transport({}, {}, &err);
  REQUIRE(beast);
  auto losing = std::make_shared<LosingTransport>(
      std::make_shared<FailoverTransport>(testing::shared_etcd_cluster().endpoints(), beast));
  SystemClock clock;
  auto client = std::make_shared<EtcdClient>(std::make_shared<RetryingTransport>(losing, clock),
                                             "etcd (answers lost)");
  EtcdBackend backend(client, f.options);
  Diagnostics diags;
  State s = *backend.read(diags);
  s.set(journal_object(0, "v"));
  REQUIRE(backend.write(s, diags));
  losing->armed = true;
  EncodedChanges c = append(backend, s, 1, 2, "once");
  CHECK_FALSE(losing->armed);  // the answer was lost, and the repeat found its own record
  CHECK(c.head.serial == s.serial + 1);
  CHECK(keys_under(f, "journal/").size() == 1);
  EncodedChanges next = append(backend, c.head, 2, 3, "after");
  State seen = *f.open()->read(diags);
  CHECK(seen.serial == next.head.serial);
  CHECK(seen.find(journal_object(1, "").addr)->attributes["value"] == "once");
  CHECK(diags.empty());
}

}  // namespace
}  // namespace fedplan
