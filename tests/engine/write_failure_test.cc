// Tests of an apply whose state writes fail: it stops starting steps, reports nothing as
// complete that no write holds, and leaves what it holds in an errored-state file.
#include <doctest/doctest.h>

#include <filesystem>
#include <mutex>

#include "base/files.h"
#include "base/testing/temp_dir.h"
#include "engine/apply/applier.h"
#include "providers/builtin/builtin.h"
#include "state/memory_backend.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

// A MemoryBackend whose writes fail from the `good`+1-th on, as a state file made unwritable
// in the middle of an apply does.
class FailingBackend : public MemoryBackend {
 public:
  explicit FailingBackend(int good) : good_(good) {}
  using StateBackend::write;
  bool write(State& state, const WriteOptions& options, Diagnostics& diags) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (++writes_ > good_) {
        diags.error("Failed to save state", "cannot write the state: permission denied");
        return false;
      }
    }
    return MemoryBackend::write(state, options, diags);
  }
  int writes() {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }

 private:
  std::mutex mu_;
  int good_;
  int writes_ = 0;
};

// Plans `config` on an empty state and applies it through `backend`.
ApplySummary apply_config(const TempDir& dir, const std::string& config, StateBackend& backend,
                          ApplyOptions options, Diagnostics& diags) {
  dir.write("main.fed.hcl", config);
  ProviderRegistry registry;
  add_builtin_providers(registry);
  LoadedConfig cfg;
  LoadedConfigOptions o;
  o.dir = dir.path();
  REQUIRE(load_configuration(o, registry, cfg, diags));
  ProviderSet providers(registry);
  State state = State::fresh();
  Plan plan = make_plan(cfg, state, "", providers, PlanOptions{}, {}, diags);
  REQUIRE(!diags.has_errors());
  return apply_plan(cfg, plan, state, backend, providers, options, diags);
}

// Apply options writing the errored state into `dir`, counting progress lines with `word`.
struct Counting {
  std::mutex mu;
  int count = 0;
  ApplyOptions options;

  Counting(const TempDir& dir, int parallelism, const std::string& word) {
    options.parallelism = parallelism;
    options.errored_state_path = dir / "fedplan.errored.state.json";
    options.progress = [this, word](const std::string& line) {
      std::lock_guard<std::mutex> lock(mu);
      if (line.find(word) != std::string::npos) ++count;
    };
  }
};

// The errored-state file the apply wrote.
std::optional<State> errored_state(const ApplySummary& s) {
  FileRead f = read_file_if_exists(s.errored_state);
  REQUIRE(f.exists);
  Diagnostics d;
  std::optional<State> state = decode_state(f.content, s.errored_state, d);
  REQUIRE(state);
  return state;
}

const char* kTwoWaves = R"(
resource "null_resource" "a" { count = 20 }
resource "null_resource" "b" {
  count = 20
  input = null_resource.a[count.index].id
}
)";

// kTwoWaves applied through a backend whose writes fail from the `good`+1-th on.
struct FailingRun {
  TempDir dir;
  FailingBackend backend;
  Diagnostics diags;
  Counting counting;
  ApplySummary s;

  FailingRun(int good, int parallelism, const std::string& word)
      : backend(good), counting(dir, parallelism, word) {
    s = apply_config(dir, kTwoWaves, backend, counting.options, diags);
  }
};

}  // namespace

TEST_CASE(
    "an apply whose state write fails starts nothing more, reports nothing complete and "
    "writes what it holds to the errored-state file") {
  TempDir dir;
  FailingBackend backend(1);  // the a's intents are written, their results are not
  Diagnostics diags;
  std::mutex mu;
  int started_b = 0, complete = 0;
  ApplyOptions o;
  o.parallelism = 4;
  o.errored_state_path = dir / "fedplan.errored.state.json";
  o.progress = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    if (line.rfind("null_resource.b[", 0) == 0 && line.find("Creating...") != std::string::npos)
      ++started_b;
    if (line.find("Creation complete") != std::string::npos) ++complete;
  };
  ApplySummary s = apply_config(dir, kTwoWaves, backend, o, diags);
  CHECK_FALSE(s.ok());
  CHECK(s.state_write_failed);
  CHECK(started_b == 0);
  CHECK(complete == 0);
  CHECK(backend.writes() == 2);
  // The a's ran (all, or those started before the failure was known); no b started.
  CHECK_FALSE(s.unsaved.empty());
  CHECK(s.unsaved.size() + s.not_started.size() + s.skipped.size() == 40);
  REQUIRE(s.errored_state == o.errored_state_path);
  CHECK(errored_state(s)->instances.size() == s.unsaved.size());
  std::string text = render_diagnostics(diags, nullptr);
  CHECK(text.find(s.errored_state) != std::string::npos);
  CHECK(text.find("fedplan state push") != std::string::npos);
}

TEST_CASE("a state write failing mid-apply keeps what earlier writes saved") {
  FailingRun r(2, 1, "Creation complete");
  const ApplySummary& s = r.s;
  CHECK_FALSE(s.ok());
  // Reported complete: only what the one good write holds (a step recorded just before it may
  // be in it without being reported). Everything made is in the errored file, which
  // continues the stored state's lineage and serial.
  Diagnostics d;
  std::optional<State> stored = r.backend.read(d);
  REQUIRE(stored);
  std::optional<State> errored = errored_state(s);
  CHECK(static_cast<size_t>(r.counting.count) <= stored->instances.size());
  CHECK(errored->instances.size() == r.counting.count + s.unsaved.size());
  CHECK(errored->lineage == stored->lineage);
  CHECK(errored->serial == stored->serial);
}

TEST_CASE("an apply whose first write, the intents of its creates, fails calls no provider") {
  FailingRun r(0, 4, "Creating...");
  const ApplySummary& s = r.s;
  CHECK_FALSE(s.ok());
  CHECK(r.counting.count == 0);
  CHECK(s.unsaved.empty());
  CHECK(s.not_started.size() + s.skipped.size() == 40);
  CHECK(errored_state(s)->instances.empty());
}
