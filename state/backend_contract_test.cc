// The rules every StateBackend keeps (state/testing/backend_contract.h), run against the local
// and the in-memory backend; tests/integration runs them against the kube backend.
#include <doctest/doctest.h>

#include <functional>
#include <memory>

#include "base/testing/fake_clock.h"
#include "base/testing/temp_dir.h"
#include "state/local_backend.h"
#include "state/memory_backend.h"
#include "state/testing/backend_contract.h"
#include "state/uuid.h"

namespace fedplan {
namespace {

TEST_CASE("the local backend keeps the backend rules") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  testing::BackendFixture f{"local", [&] { return std::make_unique<LocalBackend>(path); },
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
                              while ((n = std::fread(buf, 1, sizeof buf, in)) > 0)
                                text.append(buf, n);
                              std::fclose(in);
                              return text;
                            }};
  testing::check_backend_contract(f);
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
    bool delete_workspace(const std::string& name, Diagnostics& d) override {
      return m.delete_workspace(name, d);
    }
    std::vector<LockInfo> locks(Diagnostics& d) override { return m.locks(d); }
  };
  testing::BackendFixture f{"memory", [&] { return std::make_unique<View>(shared); },
                            [&](const std::string& text) { shared.set_stored_text(text); },
                            [&] { return shared.stored_text(); }};
  testing::check_backend_contract(f);
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
