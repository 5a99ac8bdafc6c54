// Tests of when and what an apply saves: every step is in a state write before it is reported
// finished, and the apply starts from what the plan's refresh found.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "engine/apply/applier.h"
#include "engine/support/testing/temp_dir.h"
#include "providers/builtin/builtin.h"
#include "state/memory_backend.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

// A MemoryBackend that remembers which addresses its last write stored.
class WatchedBackend : public MemoryBackend {
 public:
  using StateBackend::write;
  bool write(State& state, const WriteOptions& options, Diagnostics& diags) override {
    std::set<std::string> addrs;
    for (const auto& [addr, inst] : state.instances) addrs.insert(addr.to_string());
    bool ok = MemoryBackend::write(state, options, diags);
    std::lock_guard<std::mutex> lock(mu_);
    if (ok) {
      saved_ = std::move(addrs);
      ++writes_;
    }
    return ok;
  }
  bool saved(const std::string& addr) {
    std::lock_guard<std::mutex> lock(mu_);
    return saved_.count(addr) > 0;
  }
  int writes() {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }

 private:
  std::mutex mu_;
  std::set<std::string> saved_;
  int writes_ = 0;
};

// A configuration directory and a state, planned and applied through the engine.
struct Run {
  TempDir dir;
  ProviderRegistry registry;
  WatchedBackend backend;
  Diagnostics diags;

  Run() { add_builtin_providers(registry); }

  State state() {
    Diagnostics d;
    auto s = backend.read(d);
    REQUIRE(s);
    return *s;
  }

  Plan plan(const Workspace& ws, const State& s, ProviderSet& providers) {
    Plan p = make_plan(ws, s, "", providers, PlanOptions{}, {}, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, &ws.config.sources));
    return p;
  }

  ApplySummary apply(ApplyOptions options = {}, Plan* planned = nullptr) {
    Workspace ws;
    WorkspaceOptions o;
    o.dir = dir.path();
    REQUIRE_MESSAGE(load_workspace(o, registry, ws, diags),
                    render_diagnostics(diags, &ws.config.sources));
    ProviderSet providers(registry);
    State s = state();
    Plan p = plan(ws, s, providers);
    if (planned) *planned = p;
    return apply_plan(ws, p, s, backend, providers, options, diags);
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a step is reported complete only once a state write holds it") {
  Run r;
  r.dir.write("main.fed.hcl", R"(
resource "null_resource" "n" { count = 40 }
resource "null_resource" "after" { input = null_resource.n[0].id }
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
  CHECK(complete.size() == 41);
  CHECK(unsaved.empty());
  // Steps that finish together share a write: never more writes than steps, plus the last.
  CHECK(r.backend.writes() <= 42);
  CHECK(r.state().instances.size() == 41);
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
  CHECK(slurp(r.dir / "two.txt") == "2");
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
