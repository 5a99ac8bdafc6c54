// Tests of when and what an apply saves: a step is reported finished only once a write holds
// it, every write records the dependencies of what it records, and the apply starts from what
// the refresh found.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "engine/apply/applier.h"
#include "providers/builtin/builtin.h"
#include "state/local_backend.h"
#include "state/memory_backend.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

// A MemoryBackend that remembers which addresses each write stored.
class WatchedBackend : public MemoryBackend {
 public:
  using StateBackend::write;
  bool write(State& state, const WriteOptions& options, Diagnostics& diags) override {
    std::set<std::string> addrs;
    for (const auto& [addr, inst] : state.instances) addrs.insert(addr.to_string());
    bool ok = MemoryBackend::write(state, options, diags);
    std::lock_guard<std::mutex> lock(mu_);
    if (ok) writes_.push_back(std::move(addrs));
    return ok;
  }
  bool write_encoded(EncodedState& encoded, const WriteOptions& options,
                     Diagnostics& diags) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_.clear();
      for (const auto& [addr, inst] : encoded.head.pending) pending_.insert(addr.to_string());
    }
    return StateBackend::write_encoded(encoded, options, diags);
  }
  // The last write began holding the intent of a create at `addr`.
  bool intended(const std::string& addr) {
    std::lock_guard<std::mutex> lock(mu_);
    return pending_.count(addr) > 0;
  }
  // The last write stored `addr`.
  bool saved(const std::string& addr) {
    std::lock_guard<std::mutex> lock(mu_);
    return !writes_.empty() && writes_.back().count(addr) > 0;
  }
  std::vector<std::set<std::string>> writes() {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }

 private:
  std::mutex mu_;
  std::vector<std::set<std::string>> writes_;
  std::set<std::string> pending_;
};

// A configuration directory and a state, planned and applied through the engine.
struct Run {
  TempDir dir;
  ProviderRegistry registry;
  WatchedBackend backend;
  std::unique_ptr<LocalBackend> local;  // when set, the state is kept there instead
  Diagnostics diags;

  Run() { add_builtin_providers(registry); }

  StateBackend& store() { return local ? static_cast<StateBackend&>(*local) : backend; }

  State state() {
    Diagnostics d;
    auto s = store().read(d);
    REQUIRE(s);
    return *s;
  }

  Plan plan(const LoadedConfig& cfg, const State& s, ProviderSet& providers) {
    Plan p = make_plan(cfg, s, "", providers, PlanOptions{}, {}, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, &cfg.config.sources));
    return p;
  }

  ApplySummary apply(ApplyOptions options = {}, Plan* planned = nullptr) {
    LoadedConfig cfg;
    LoadedConfigOptions o;
    o.dir = dir.path();
    REQUIRE_MESSAGE(load_configuration(o, registry, cfg, diags),
                    render_diagnostics(diags, &cfg.config.sources));
    ProviderSet providers(registry);
    State s = state();
    Plan p = plan(cfg, s, providers);
    if (planned) *planned = p;
    return apply_plan(cfg, p, s, store(), providers, options, diags);
  }
};

}  // namespace

TEST_CASE(
    "a step is reported complete only once a state write holds it, and every write that "
    "records an object records what it depends on") {
  Run r;
  r.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" { count = 40 }
resource "null_resource" "b" {
  count = 40
  input = null_resource.a[count.index].id
}
resource "null_resource" "last" { input = null_resource.b[*].id }
)");
  std::mutex mu;
  std::vector<std::string> complete, unsaved;
  ApplyOptions o;
  o.parallelism = 8;
  o.progress = [&](const std::string& line) {
    size_t at = line.find(": Creation complete");
    if (at == std::string::npos) return;
    std::string addr = line.substr(0, at);
    std::lock_guard<std::mutex> lock(mu);
    complete.push_back(addr);
    if (!r.backend.saved(addr)) unsaved.push_back(addr);
  };
  ApplySummary s = r.apply(o);
  CHECK(s.ok());
  CHECK(complete.size() == 81);
  CHECK(unsaved.empty());
  std::vector<std::set<std::string>> writes = r.backend.writes();
  REQUIRE_FALSE(writes.empty());
  for (const std::set<std::string>& w : writes) {
    for (int i = 0; i < 40; ++i) {
      std::string b = "null_resource.b[" + std::to_string(i) + "]";
      if (w.count(b)) CHECK_MESSAGE(w.count("null_resource.a[" + std::to_string(i) + "]"), b);
      if (w.count("null_resource.last")) CHECK_MESSAGE(w.count(b), b);
    }
  }
  // The last write holds every step; steps that finish together share a write.
  CHECK(writes.back().size() == 81);
  CHECK(writes.size() <= 82);
  CHECK(r.state().instances.size() == 81);
}

TEST_CASE(
    "with the local backend a create's intent and a step reported complete are in the state "
    "read back then") {
  Run r;
  std::string path = r.dir / "fedplan.state.json";
  r.local = std::make_unique<LocalBackend>(path);
  r.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" { count = 30 }
resource "null_resource" "b" {
  count = 30
  input = null_resource.a[count.index].id
}
)");
  std::mutex mu;
  std::vector<std::string> missing, unintended;
  int journaled = 0;
  // Each create's intent once it starts, and each step reported complete, looked up as
  // another process would read the state: the state file with the journal folded in.
  auto check_saved = [&](const std::string& addr, bool intent) {
    Diagnostics d;
    auto s = LocalBackend(path).read(d);
    InstanceAddr a = *parse_instance(addr, nullptr);
    std::lock_guard<std::mutex> lock(mu);
    if (intent && (!s || !s->pending.count(a))) unintended.push_back(addr);
    if (!intent && (!s || !s->find(a))) missing.push_back(addr);
    journaled += std::filesystem::exists(path + ".journal") ? 1 : 0;
  };
  ApplyOptions o;
  o.progress = [&](const std::string& line) {
    if (size_t at = line.find(": Creation complete"); at != std::string::npos)
      check_saved(line.substr(0, at), false);
    if (size_t at = line.find(": Creating..."); at != std::string::npos)
      check_saved(line.substr(0, at), true);
  };
  o.parallelism = 4;
  REQUIRE(r.apply(o).ok());
  CHECK(missing.empty());
  CHECK(unintended.empty());
  CHECK(journaled > 0);
  // The apply ends with one whole file: the journal folded in and removed.
  CHECK_FALSE(std::filesystem::exists(path + ".journal"));
  Diagnostics d;
  auto file = decode_state(fedplan::testing::read_text(path), path, d);
  REQUIRE(file);
  CHECK(file->instances.size() == 60);
  CHECK(file->pending.empty());
}

TEST_CASE(
    "an object deleted outside fedplan is created from nothing even when its config changed") {
  Run r;
  r.dir.write("main.fed.hcl", R"(
resource "local_file" "f" {
  filename = "${path.module}/one.txt"
  content  = "1"
}
)");
  REQUIRE(r.apply().ok());
  std::filesystem::remove(r.dir / "one.txt");
  // The recorded object (one.txt) is gone; the new config names another file. Planned from
  // the refresh, this is a create; the apply must not start from the stale record.
  r.dir.write("main.fed.hcl", R"(
resource "local_file" "f" {
  filename = "${path.module}/two.txt"
  content  = "2"
}
)");
  Plan p;
  ApplySummary s = r.apply({}, &p);
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].action == Action::Create);
  CHECK_MESSAGE(s.ok(), render_diagnostics(r.diags, nullptr));
  CHECK(s.added == 1);
  CHECK(fedplan::testing::read_text(r.dir / "two.txt") == "2");
  State st = r.state();
  REQUIRE(st.instances.size() == 1);
  CHECK(st.instances.begin()->second.attributes["filename"] == r.dir / "two.txt");
}

TEST_CASE("applying a plan with only drift records what the refresh found") {
  Run r;
  r.dir.write("main.fed.hcl", R"(
resource "local_file" "keep" {
  filename = "${path.module}/keep.txt"
  content  = "k"
}
resource "local_file" "gone" {
  filename = "${path.module}/gone.txt"
  content  = "g"
}
)");
  REQUIRE(r.apply().ok());
  // A destroy killed after deleting gone.txt but before saving: the file is gone, the record
  // and the block too. The plan has nothing to do; the apply drops the stale record.
  std::filesystem::remove(r.dir / "gone.txt");
  r.dir.write("main.fed.hcl", R"(
resource "local_file" "keep" {
  filename = "${path.module}/keep.txt"
  content  = "k"
}
)");
  Plan p;
  ApplySummary s = r.apply({}, &p);
  CHECK_FALSE(p.has_changes());
  REQUIRE(p.drift.size() == 1);
  CHECK(s.ok());
  State st = r.state();
  CHECK(st.instances.size() == 1);
  std::string err;
  CHECK(st.find(*parse_instance("local_file.keep", &err)));
}

TEST_CASE("a create's provider call starts only once a write holds its intent, cleared after") {
  Run r;
  r.dir.write("main.fed.hcl", R"(
resource "local_file" "f" {
  count    = 12
  filename = "${path.module}/f${count.index}.txt"
  content  = "x"
}
)");
  std::mutex mu;
  std::vector<std::string> unintended;
  int started = 0;
  ApplyOptions o;
  o.parallelism = 4;
  o.progress = [&](const std::string& line) {
    size_t at = line.find(": Creating...");
    if (at == std::string::npos) return;
    std::lock_guard<std::mutex> lock(mu);
    ++started;
    if (!r.backend.intended(line.substr(0, at))) unintended.push_back(line);
  };
  ApplySummary s = r.apply(o);
  CHECK(s.ok());
  CHECK(started == 12);
  CHECK(unintended.empty());
  State st = r.state();
  CHECK(st.pending.empty());
  CHECK(st.instances.size() == 12);
  // The twelve intents were recorded in one visit of the walker: they share one write, so
  // there are at most 1 (intents) + 12 (results, grouped when they come back together) + 1
  // (the final write); a write per intent would make up to 25.
  CHECK(r.backend.writes().size() <= 14);
}

TEST_CASE("a pending create this apply does not make again is kept and warned about") {
  Run r;
  r.dir.write("main.fed.hcl", R"(
resource "null_resource" "keep" {}
)");
  // A create_before_destroy replacement killed after its create: the old object is recorded,
  // the new one only pending, so no plan reads it (plans read pending creates without a record).
  State s = State::fresh();
  std::string err;
  InstanceState gone;
  gone.addr = *parse_instance("null_resource.gone", &err);
  gone.provider = *parse_provider("null", &err);
  s.pending[gone.addr] = gone;
  s.set(gone);
  Diagnostics d;
  REQUIRE(r.backend.write(s, d));
  CHECK(r.apply().ok());
  std::string text = render_diagnostics(r.diags, nullptr);
  CHECK(text.find("Objects a killed run may have created") != std::string::npos);
  CHECK(text.find("null_resource.gone") != std::string::npos);
  State after = r.state();
  CHECK(after.pending.size() == 1);
  CHECK(after.instances.size() == 1);
}
