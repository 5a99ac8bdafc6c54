// Benchmark: 1,000 ConfigMaps applied by the kube provider to a fedplan-sandbox with 20 ms
// added latency at parallelism 1, 10 and 50, beside `kubectl apply --server-side` of the same
// objects, and a no-op refresh (read_many) over them. Prints figures; never fails on time.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "engine/lang/value_json.h"
#include "engine/support/process.h"
#include "engine/support/yaml_json.h"
#include "providers/kube/kube_provider.h"
#include "providers/kube/testing/sandbox_process.h"

namespace {

using fedplan::ApplyRequest;
using fedplan::PlanRequest;
using fedplan::Provider;
using fedplan::Value;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kObjects = 1000;
constexpr int kLatencyMs = 20;

json configmap(const std::string& ns, int i) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", ns}}},
          {"data", {{"index", std::to_string(i)}, {"payload", std::string(200, 'x')}}}};
}

// CPU seconds (user + system) used so far by process `pid` (0: this process).
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + (pid ? std::to_string(pid) : std::string("self")) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);
    if (i == 15) break;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Runs fn(i) for i in [0, n) on `threads` threads.
template <class Fn>
void pool(int n, int threads, Fn fn) {
  std::atomic<int> next{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&] {
      for (int i; (i = next++) < n;) fn(i);
    });
  for (auto& t : ts) t.join();
}

std::unique_ptr<Provider> provider(const std::string& kubeconfig, int max_parallel) {
  std::unique_ptr<Provider> p = fedplan::make_kube_provider();
  fedplan::Diagnostics d = p->configure(Value::object(
      {{"kubeconfig", Value::string(kubeconfig)}, {"max_parallel", Value::number(max_parallel)}}));
  if (d.has_errors()) {
    std::cerr << fedplan::render_diagnostics(d, nullptr);
    std::exit(1);
  }
  return p;
}

bool ok(const fedplan::Diagnostics& d) {
  if (!d.has_errors()) return true;
  static std::atomic<int> shown{0};
  if (shown++ < 3) std::cerr << fedplan::render_diagnostics(d, nullptr);
  return false;
}

void make_namespace(Provider& p, const std::string& ns) {
  Value cfg = Value::object({{"manifest", fedplan::from_json({{"apiVersion", "v1"},
                                                              {"kind", "Namespace"},
                                                              {"metadata", {{"name", ns}}}})}});
  fedplan::PlanResult pr = p.plan_change(PlanRequest{"kube_object", Value(), cfg});
  ok(p.apply(ApplyRequest{"kube_object", Value(), pr.planned, cfg}).diags);
}

}  // namespace

int main(int argc, char** argv) {
  std::string bin = argc > 1 ? argv[1] : fedplan::kube::testing::sandbox_binary();
  if (bin.empty()) {
    std::cerr << "usage: kube_apply_bench [PATH/fedplan-sandbox]\n";
    return 2;
  }
  fedplan::kube::testing::SandboxProcess sandbox(
      bin, {"--bare", "--latency-ms", std::to_string(kLatencyMs), "--seed", "1"});
  std::printf("kube_apply benchmark: %d ConfigMaps, sandbox latency %d ms per API answer\n",
              kObjects, kLatencyMs);
  std::printf("%-28s %10s %10s %12s %14s\n", "run", "plan s", "apply s", "ideal apply s",
              "cpu srv/client");

  std::vector<Value> last_states;
  std::unique_ptr<Provider> last;
  for (int parallel : {1, 10, 50}) {
    std::string ns = "bench-p" + std::to_string(parallel);
    std::unique_ptr<Provider> p = provider(sandbox.kubeconfig(), parallel);
    make_namespace(*p, ns);
    std::vector<Value> configs(kObjects), planned(kObjects), states(kObjects);
    for (int i = 0; i < kObjects; ++i)
      configs[i] = Value::object({{"manifest", fedplan::from_json(configmap(ns, i))}});
    std::atomic<int> errors{0};
    double srv0 = cpu_seconds(sandbox.pid()), me0 = cpu_seconds(0);
    auto t0 = Clock::now();
    pool(kObjects, parallel, [&](int i) {
      fedplan::PlanResult r = p->plan_change(PlanRequest{"kube_object", Value(), configs[i]});
      if (!ok(r.diags)) ++errors;
      planned[i] = r.planned;
    });
    double plan_s = seconds_since(t0);
    t0 = Clock::now();
    pool(kObjects, parallel, [&](int i) {
      fedplan::ApplyResult r =
          p->apply(ApplyRequest{"kube_object", Value(), planned[i], configs[i]});
      if (!ok(r.diags)) ++errors;
      states[i] = r.state;
    });
    double apply_s = seconds_since(t0);
    double ideal = static_cast<double>(kObjects) / parallel * kLatencyMs / 1000.0;
    std::printf("provider, parallelism %-6d %10.2f %10.2f %12.2f %7.2f/%-6.2f%s\n", parallel,
                plan_s, apply_s, ideal, cpu_seconds(sandbox.pid()) - srv0, cpu_seconds(0) - me0,
                errors ? "  (errors!)" : "");
    std::fflush(stdout);
    last_states = std::move(states);
    last = std::move(p);
  }

  // A no-op refresh of the last 1,000: one LIST.
  auto t0 = Clock::now();
  std::vector<fedplan::ReadResult> rs = last->read_many("kube_object", last_states);
  double refresh_s = seconds_since(t0);
  int gone = 0, failed = 0;
  for (const auto& r : rs) {
    gone += r.state.is_null();
    failed += r.diags.has_errors();
  }
  // And the plan that follows it: 1,000 dry runs at parallelism 50.
  t0 = Clock::now();
  std::atomic<int> changes{0};
  pool(kObjects, 50, [&](int i) {
    fedplan::PlanResult r = last->plan_change(PlanRequest{
        "kube_object", rs[i].state, Value::object({{"manifest", *rs[i].state.get("manifest")}})});
    if (r.planned != rs[i].state) ++changes;
  });
  double noop_plan_s = seconds_since(t0);
  std::printf("no-op refresh (read_many)    %10s %10.3f   (%d gone, %d errors)\n", "", refresh_s,
              gone, failed);
  std::printf("no-op plan, parallelism 50   %10.2f %10s   (%d changes)\n", noop_plan_s, "",
              changes.load());

  // kubectl apply --server-side -f of the same objects (another namespace).
  std::string ns = "bench-kubectl";
  make_namespace(*last, ns);
  std::vector<json> docs;
  for (int i = 0; i < kObjects; ++i) docs.push_back(configmap(ns, i));
  std::string file = sandbox.dir() / "objects.yaml";
  std::ofstream(file) << fedplan::to_yaml_stream(docs);
  fedplan::SubprocessRunner runner;
  fedplan::ProcessRequest req;
  req.argv = {"kubectl", "apply", "--server-side", "-f", file};
  req.extra_env = {{"KUBECONFIG", sandbox.kubeconfig()}};
  req.timeout = std::chrono::minutes(10);
  t0 = Clock::now();
  double srv0 = cpu_seconds(sandbox.pid());
  fedplan::ProcessResult pr = runner.run(req);
  double kubectl_s = seconds_since(t0);
  double kubectl_srv = cpu_seconds(sandbox.pid()) - srv0;
  if (!pr.ok())
    std::printf("kubectl apply --server-side   failed: %s %s\n", pr.error.c_str(),
                pr.err.substr(0, 300).c_str());
  else
    std::printf("kubectl apply --server-side  %10s %10.2f %12s %7.2f (server)\n", "", kubectl_s, "",
                kubectl_srv);
  return 0;
}
