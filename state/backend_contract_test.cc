// The rules every StateBackend keeps, run against the local and the in-memory backend:
// fresh state, serial steps, refusal of unrelated or newer states, never overwriting damage.
#include <doctest/doctest.h>

#include <functional>
#include <memory>

#include "base/testing/fake_clock.h"
#include "base/testing/temp_dir.h"
#include "state/local_backend.h"
#include "state/memory_backend.h"
#include "state/uuid.h"

namespace fedplan {
namespace {

// Makes backends that all look at the same stored state, as separate runs would.
struct Fixture {
  std::string name;
  std::function<std::unique_ptr<StateBackend>()> open;
  std::function<void(const std::string&)> plant;  // replaces the stored bytes
  std::function<std::optional<std::string>()> stored;
};

InstanceState object(const std::string& address, const std::string& value) {
  std::string err;
  InstanceState s;
  s.addr = *parse_instance(address, &err);
  s.provider = *parse_provider("kube.mesh1", &err);
  s.attributes = {{"value", value}};
  return s;
}

void check_contract(const Fixture& f) {
  INFO("backend: " << f.name);
  Diagnostics diags;
  auto a = f.open();

  // Nothing stored: a fresh state, not yet written.
  auto fresh = a->read(diags);
  REQUIRE(fresh);
  CHECK(fresh->serial == 0);
  CHECK(looks_like_uuid(fresh->lineage));
  CHECK_FALSE(f.stored());

  // Each write stores serial + 1 and reports it.
  State s = *fresh;
  s.set(object("kube_object.a", "1"));
  REQUIRE(a->write(s, diags));
  CHECK(s.serial == 1);
  REQUIRE(a->write(s, diags));
  CHECK(s.serial == 2);
  auto back = f.open()->read(diags);
  REQUIRE(back);
  CHECK(back->serial == 2);
  CHECK(back->lineage == fresh->lineage);
  CHECK(back->find(*parse_instance("kube_object.a", nullptr))->attributes["value"] == "1");

  // Two runs read serial 2; the first to write wins, the second is refused.
  auto b = f.open();
  State sa = *a->read(diags), sb = *b->read(diags);
  sa.set(object("kube_object.b", "from a"));
  REQUIRE(a->write(sa, diags));
  sb.set(object("kube_object.c", "from b"));
  Diagnostics refused;
  CHECK_FALSE(b->write(sb, refused));
  REQUIRE(refused.has_errors());
  CHECK(refused.items[0].summary.find("changed since it was read") != std::string::npos);
  CHECK(refused.items[0].detail.find("serial 3") != std::string::npos);
  CHECK(sb.serial == 2);
  CHECK(f.open()->read(diags)->find(*parse_instance("kube_object.b", nullptr)));

  // A state in encoded pieces is stored as the same bytes, under the same serial rules.
  {
    State st = *f.open()->read(diags);
    st.set(object("kube_object.d", "pieces"));
    EncodedState e = encode_pieces(st);
    uint64_t read_serial = st.serial;
    REQUIRE(f.open()->write_encoded(e, WriteOptions{}, diags));
    CHECK(e.head.serial == read_serial + 1);
    st.serial = e.head.serial;
    CHECK(*f.stored() == encode_state(st));
    e.head.serial = read_serial;  // as if read before that write
    Diagnostics stale;
    CHECK_FALSE(f.open()->write_encoded(e, WriteOptions{}, stale));
    CHECK(stale.has_errors());
  }

  // Where a backend stores changes alone: after a whole write they add to it under the same
  // serial rules, every reader sees them, and a writer that read before them is refused.
  if (a->writes_changes()) {
    auto w = f.open();
    auto late = f.open();
    State st = *w->read(diags);
    State before = *late->read(diags);
    REQUIRE(w->write(st, diags));
    InstanceState e = object("kube_object.e", "changes");
    EncodedChanges c;
    c.head = state_head(st);
    c.entries.push_back({e.addr, "", std::make_shared<const std::string>(encode_instance(e))});
    c.entries.push_back({*parse_instance("kube_object.d", nullptr), "", nullptr});
    REQUIRE(w->write_changes(c, WriteOptions{}, diags));
    CHECK(c.head.serial == st.serial + 1);
    auto seen = f.open()->read(diags);
    REQUIRE(seen);
    CHECK(seen->serial == c.head.serial);
    CHECK(seen->find(e.addr));
    CHECK_FALSE(seen->find(*parse_instance("kube_object.d", nullptr)));
    Diagnostics stale;
    CHECK_FALSE(late->write(before, stale));
    CHECK(stale.items.at(0).summary.find("changed since it was read") != std::string::npos);
    // Another writer goes on from the changes; the first one's next changes are refused.
    State theirs = *seen;
    REQUIRE(f.open()->write(theirs, diags));
    Diagnostics refused;
    CHECK_FALSE(w->write_changes(c, WriteOptions{}, refused));
    CHECK(refused.items.at(0).summary.find("changed since it was read") != std::string::npos);
    CHECK(f.open()->read(diags)->serial == theirs.serial);
  }

  // A state of another lineage is refused unless forced.
  State other = State::fresh();
  other.serial = 100;
  Diagnostics unrelated;
  CHECK_FALSE(f.open()->write(other, unrelated));
  CHECK(unrelated.items.at(0).summary.find("unrelated state") != std::string::npos);
  State current = *f.open()->read(diags);
  REQUIRE(f.open()->write(other, WriteOptions{true}, diags));
  CHECK(other.serial == 101);
  CHECK(f.open()->read(diags)->lineage == other.lineage);
  // Forced over a higher serial, the stored serial still goes up.
  current.lineage = other.lineage;
  current.serial = 5;
  REQUIRE(f.open()->write(current, WriteOptions{true}, diags));
  CHECK(current.serial == 102);

  // A damaged state is reported with its position and never overwritten, even when forced
  // (line 5: version, fedplan_version and serial come before the lineage).
  std::string damaged = *f.stored();
  damaged.insert(damaged.find("\"lineage\""), "}");
  f.plant(damaged);
  Diagnostics unreadable;
  CHECK_FALSE(f.open()->read(unreadable));
  REQUIRE(unreadable.has_errors());
  CHECK(unreadable.items[0].summary.find("not valid JSON (line 5") != std::string::npos);
  Diagnostics kept;
  CHECK_FALSE(f.open()->write(current, WriteOptions{true}, kept));
  REQUIRE(kept.has_errors());
  CHECK(kept.items[0].summary.find("Refusing to overwrite") != std::string::npos);
  CHECK(*f.stored() == damaged);

  // A state from a newer fedplan is neither read nor replaced.
  nlohmann::json doc = nlohmann::json::parse(encode_state(current));
  doc["version"] = kStateVersion + 1;
  f.plant(doc.dump());
  Diagnostics newer;
  CHECK_FALSE(f.open()->read(newer));
  CHECK(newer.items.at(0).summary.find("newer fedplan") != std::string::npos);
  Diagnostics newer_write;
  CHECK_FALSE(f.open()->write(current, WriteOptions{true}, newer_write));
  CHECK(*f.stored() == doc.dump());
}

TEST_CASE("the local backend keeps the backend rules") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  Fixture f{"local", [&] { return std::make_unique<LocalBackend>(path); },
            [&](const std::string& text) {
              std::FILE* out = std::fopen(path.c_str(), "w");
              REQUIRE(out);
              std::fwrite(text.data(), 1, text.size(), out);
              std::fclose(out);
            },
            [&]() -> std::optional<std::string> {
              std::FILE* in = std::fopen(path.c_str(), "r");
              if (!in) return std::nullopt;
              std::string text;
              char buf[4096];
              size_t n;
              while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) text.append(buf, n);
              std::fclose(in);
              return text;
            }};
  check_contract(f);
}

TEST_CASE("the in-memory backend keeps the backend rules") {
  MemoryBackend shared;
  // Each "run" is a thin forwarder to the one shared store.
  struct View : StateBackend {
    MemoryBackend& m;
    explicit View(MemoryBackend& b) : m(b) {}
    LockResult lock(const LockInfo& i, std::chrono::milliseconds t, Diagnostics& d) override {
      return m.lock(i, t, d);
    }
    bool unlock(const std::string& id, Diagnostics& d) override { return m.unlock(id, d); }
    bool force_unlock(const std::string& id, bool b, Diagnostics& d) override {
      return m.force_unlock(id, b, d);
    }
    std::optional<State> read(Diagnostics& d) override { return m.read(d); }
    using StateBackend::write;
    bool write(State& s, const WriteOptions& o, Diagnostics& d) override {
      return m.write(s, o, d);
    }
    std::string describe() const override { return m.describe(); }
    std::vector<std::string> workspaces(Diagnostics& d) override { return m.workspaces(d); }
    bool delete_workspace(const std::string& n, Diagnostics& d) override {
      return m.delete_workspace(n, d);
    }
    std::vector<LockInfo> locks(Diagnostics& d) override { return m.locks(d); }
  };
  Fixture f{"memory", [&] { return std::make_unique<View>(shared); },
            [&](const std::string& text) { shared.set_stored_text(text); },
            [&] { return shared.stored_text(); }};
  check_contract(f);
}

TEST_CASE("the in-memory lock waits on the clock, then names the holder") {
  FakeClock clock;
  MemoryBackend backend(&clock);
  Diagnostics diags;
  LockInfo first = new_lock_info("apply", clock);
  REQUIRE(backend.lock(first, std::chrono::milliseconds(0), diags).acquired);
  Diagnostics busy;
  LockResult r = backend.lock(new_lock_info("plan", clock), std::chrono::seconds(2), busy);
  CHECK_FALSE(r.acquired);
  REQUIRE(r.holder);
  CHECK(r.holder->id == first.id);
  CHECK(busy.items.at(0).summary.find(first.id) != std::string::npos);
  std::chrono::milliseconds waited(0);
  for (auto d : clock.sleeps()) waited += d;
  CHECK(waited == std::chrono::seconds(2));
  CHECK_FALSE(backend.force_unlock("not-the-id", false, diags));
  CHECK(backend.force_unlock(first.id, false, diags));
  CHECK(backend.lock(new_lock_info("plan", clock), std::chrono::milliseconds(0), diags).acquired);
}

}  // namespace
}  // namespace fedplan
