// The etcd backend against a real etcd: the backend contract, chunked writes that store only
// what changed, big states, encryption, damage, and an etcd that goes away mid-run.
#include "state/etcd/etcd_backend.h"

#include <doctest/doctest.h>

#include <set>

#include "base/digest.h"
#include "state/etcd/testing/etcd_backend_fixture.h"
#include "state/etcd/testing/refused.h"
#include "state/gzip.h"
#include "state/testing/backend_contract.h"

namespace fedplan {
namespace {

using testing::EtcdBackendFixture;

InstanceState config_map(int i, const std::string& value) {
  return testing::padded_object("cm", i, value);
}

State state_of(int n, const State& base = State::fresh()) {
  State s = base;
  for (int i = 0; i < n; ++i) s.set(config_map(i, "v" + std::to_string(i)));
  return s;
}

// A backend on `f` that has written a state of `n` instances, and that state.
std::pair<std::unique_ptr<EtcdBackend>, State> written(const EtcdBackendFixture& f, int n) {
  auto backend = f.open();
  Diagnostics diags;
  State s = state_of(n, *backend->read(diags));
  REQUIRE(backend->write(s, diags));
  return {std::move(backend), std::move(s)};
}

// The chunk keys stored, by ID.
std::set<std::string> chunk_ids(const EtcdBackendFixture& f, const std::string& ws = "default") {
  std::set<std::string> ids;
  std::string p = f.options.prefix + ws + "/chunks/";
  for (const EtcdKv& kv : f.keys())
    if (kv.key.starts_with(p)) ids.insert(kv.key.substr(p.size()));
  return ids;
}

// The chunk IDs the default workspace's manifest names.
std::set<std::string> named_chunks(const EtcdBackendFixture& f) {
  for (const EtcdKv& kv : f.keys()) {
    if (kv.key != f.options.prefix + "default/state") continue;
    Diagnostics diags;
    std::optional<ChunkManifest> m = decode_manifest(kv.value, "", diags);
    REQUIRE(m);
    std::set<std::string> ids;
    for (const ChunkRef& c : m->chunks) ids.insert(c.id);
    return ids;
  }
  return {};
}

TEST_CASE("the etcd backend keeps the backend rules") {
  EtcdBackendFixture etcd(testing::shared_etcd_cluster(), {.chunk_size = 1024});
  testing::BackendFixture f{"etcd", [&]() -> std::unique_ptr<StateBackend> { return etcd.open(); },
                            [&](const std::string& text) { etcd.plant(text); },
                            [&] {
                              Diagnostics diags;
                              return etcd.open()->stored_text(diags);
                            }};
  testing::check_backend_contract(f);
}

TEST_CASE("a write stores only the chunks whose content changed") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 4096});
  auto [backend, s] = written(f, 300);
  Diagnostics diags;
  std::set<std::string> before = chunk_ids(f);
  CHECK(before.size() > 20);
  s.set(config_map(150, "changed"));
  REQUIRE(backend->write(s, diags));
  std::set<std::string> after = chunk_ids(f);
  size_t fresh = 0;
  for (const std::string& id : after) fresh += !before.count(id);
  // The changed entry's chunk, and the head, whose serial changed.
  CHECK(fresh >= 1);
  CHECK(fresh <= 3);
  CHECK(after == named_chunks(f));  // replaced chunks were deleted in the same step
  Diagnostics d2;
  CHECK(*f.open()->stored_text(d2) == encode_state(s));
  CHECK(f.open()
            ->read(d2)
            ->find(*parse_instance("kube_object.cm[150]", nullptr))
            ->attributes["value"] == "changed");
}

TEST_CASE("a state larger than one request is stored in batches and switched in one step") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 4096});
  auto backend = f.open();
  Diagnostics diags;
  State s = state_of(2000, *backend->read(diags));  // about 600 KB: well over a 4 KB request
  REQUIRE(backend->write(s, diags));
  CHECK(diags.empty());
  auto back = f.open()->read(diags);
  INFO((diags.empty() ? "" : diags.items[0].summary + " " + diags.items[0].detail));
  REQUIRE(back);
  CHECK(back->serial == 1);
  CHECK(encode_state(*back) == encode_state(s));
  // Removing most of it deletes the chunks no longer named, over several writes if need be
  // (120 deletes fit in one transaction), and never one the manifest still names.
  State small = state_of(10, *back);
  for (int i = 10; i < 2000; ++i)
    small.remove(*parse_instance("kube_object.cm[" + std::to_string(i) + "]", nullptr));
  for (int i = 0; i < 4; ++i) REQUIRE(backend->write(small, diags));
  CHECK(*f.open()->stored_text(diags) == encode_state(small));
  CHECK(chunk_ids(f) == named_chunks(f));
}

TEST_CASE("chunks are stored gzip-compressed and the manifest says so") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 65536});
  auto [backend, s] = written(f, 300);
  std::string text = encode_state(s);
  size_t stored = 0;
  std::string ws = f.options.prefix + "default/";
  for (const EtcdKv& kv : f.keys()) {
    if (kv.key == ws + "state") {
      CHECK(kv.value.find("\"format\":2") != std::string::npos);
      Diagnostics diags;
      std::optional<ChunkManifest> m = decode_manifest(kv.value, "", diags);
      REQUIRE(m);
      for (const ChunkRef& c : m->chunks) CHECK(c.encoding == ChunkEncoding::Gzip);
    } else if (kv.key.starts_with(ws + "chunks/")) {
      CHECK(has_gzip_magic(kv.value));
      stored += kv.value.size();
    }
  }
  INFO(stored << " bytes stored for " << text.size() << " bytes of state");
  CHECK(stored * 5 < text.size());
  Diagnostics diags;
  CHECK(*f.open()->stored_text(diags) == text);
}

TEST_CASE("a state stored before compression (format 1, plain chunks) is read and rewritten") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 4096});
  State old = state_of(40);
  old.serial = 7;
  std::string text = encode_state(old);
  // The keys as fedplan wrote them before format 2: plain pieces, a format 1 manifest.
  std::string ws = f.options.prefix + "default/";
  std::vector<EtcdOp> puts;
  nlohmann::json chunks = nlohmann::json::array();
  int n = 0;
  for (std::string_view piece : split_chunks(text, 4096)) {
    std::string id = "00000000000000" + std::to_string(10 + n++);
    puts.push_back(EtcdOp::put(ws + "chunks/" + id, std::string(piece)));
    chunks.push_back({{"id", id}, {"sha256", sha256_hex(piece)}, {"size", piece.size()}});
  }
  REQUIRE(n > 3);
  puts.push_back(EtcdOp::put(
      ws + "state",
      nlohmann::json{{"format", 1}, {"write_id", "0123456789abcdef"}, {"chunks", chunks}}.dump()));
  Diagnostics diags;
  REQUIRE(f.client->txn({}, puts, {}, diags));
  auto backend = f.open();
  std::optional<State> back = backend->read(diags);
  REQUIRE(back);
  CHECK(encode_state(*back) == text);
  // A write keeps the plain chunks whose content did not change, as plain chunks, and stores
  // the others compressed; what it stored reads back.
  back->set(config_map(20, "changed"));
  REQUIRE(backend->write(*back, diags));
  size_t plain = 0, packed = 0;
  for (const EtcdKv& kv : f.keys())
    if (kv.key.starts_with(ws + "chunks/")) (has_gzip_magic(kv.value) ? packed : plain) += 1;
  CHECK(plain > 0);
  CHECK(packed > 0);
  CHECK(*f.open()->stored_text(diags) == encode_state(*back));
  CHECK(diags.empty());
}

TEST_CASE("with a cipher every stored value is sealed and reads back") {
  StateCipher cipher(std::string(32, 'k'), "", false);
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 4096, .cipher = &cipher});
  auto [backend, s] = written(f, 50);
  Diagnostics diags;
  for (const EtcdKv& kv : f.keys()) {
    CHECK(is_sealed(kv.value));
    // Compressed first: sealed bytes do not compress.
    if (kv.key.find("/chunks/") != std::string::npos)
      CHECK(has_gzip_magic(*cipher.open(kv.value, "state", kv.key, diags)));
  }
  CHECK(encode_state(*f.open()->read(diags)) == encode_state(s));
  // A second write with one change still replaces only some chunks.
  std::set<std::string> before = chunk_ids(f);
  s.set(config_map(25, "changed"));
  REQUIRE(backend->write(s, diags));
  size_t kept = 0;
  for (const std::string& id : chunk_ids(f)) kept += before.count(id);
  CHECK(kept + 3 >= before.size());
  // Without the key the state is not read, and the error says why.
  EtcdBackendOptions plain = f.options;
  plain.cipher = nullptr;
  Diagnostics refused;
  CHECK_FALSE(EtcdBackend(f.client, plain).read(refused));
  CHECK(refused.has_errors());
}

TEST_CASE("a missing or altered chunk is reported and the state not overwritten") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.chunk_size = 4096});
  auto [backend, s] = written(f, 100);
  Diagnostics diags;
  std::string victim = f.options.prefix + "default/chunks/" + *chunk_ids(f).begin();
  REQUIRE(f.client->txn({}, {EtcdOp::put(victim, "tampered")}, {}, diags));
  testing::check_refused(f, s, "does not match its digest");
  REQUIRE(f.client->txn({}, {EtcdOp::del(victim)}, {}, diags));
  testing::check_refused(f, s, "is missing");
}

TEST_CASE("a write while etcd is down fails with a clear error and stores nothing") {
  testing::EtcdCluster cluster;
  EtcdBackendFixture f(cluster, {.chunk_size = 4096});
  auto [backend, s] = written(f, 20);
  Diagnostics diags;
  cluster.kill_member(0);
  s.set(config_map(3, "lost"));
  Diagnostics down;
  CHECK_FALSE(backend->write(s, down));
  REQUIRE(down.has_errors());
  CHECK(down.items[0].summary.find("Cannot reach etcd at") != std::string::npos);
  CHECK(s.serial == 1);
}

TEST_CASE("workspaces are the prefixes with a stored state, and a locked one is kept") {
  EtcdBackendFixture f(testing::shared_etcd_cluster());
  Diagnostics diags;
  CHECK(f.open()->workspaces(diags) == std::vector<std::string>{"default"});
  auto staging = f.open("staging");
  REQUIRE(staging->create_workspace(diags));
  auto prod = f.open("prod");
  REQUIRE(prod->create_workspace(diags));
  CHECK(f.open()->workspaces(diags) == std::vector<std::string>{"default", "prod", "staging"});
  LockInfo info = new_lock_info("apply", *std::make_unique<SystemClock>());
  REQUIRE(prod->lock(info, std::chrono::milliseconds(0), diags).acquired);
  Diagnostics locked;
  CHECK_FALSE(f.open()->delete_workspace("prod", locked));
  CHECK(locked.items.at(0).summary.find("locked by") != std::string::npos);
  Diagnostics current;
  CHECK_FALSE(staging->delete_workspace("staging", current));
  CHECK_FALSE(staging->delete_workspace("default", current));
  CHECK_FALSE(staging->delete_workspace("../other", current));
  CHECK(f.open()->delete_workspace("staging", diags));
  CHECK(f.open()->workspaces(diags) == std::vector<std::string>{"default", "prod"});
  CHECK(prod->unlock(info.id, diags));
  CHECK(diags.empty());
}

}  // namespace
}  // namespace fedplan
