// Benchmark: `fedplan apply -auto-approve -parallelism N` of N ConfigMaps (1,000 by default) on
// a fresh fedplan-sandbox with 20 ms added latency, beside `kubectl apply --server-side -f`
// of the same objects and the kube provider driven directly, then a no-op `fedplan plan`.
// Prints figures and never fails on time; with --check it fails when a run fails or objects
// are missing (the ctest entry).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "base/files.h"
#include "base/yaml_json.h"
#include "lang/value_json.h"
#include "providers/kube/kube_provider.h"
#include "providers/kube/testing/sandbox_process.h"
#include "tests/bench/kube_apply/timed_run.h"

namespace {

using fedplan::ApplyRequest;
using fedplan::PlanRequest;
using fedplan::Provider;
using fedplan::Value;
using fedplan::bench::BenchClock;
using fedplan::bench::timed_run;
using fedplan::bench::TimedResult;
using fedplan::kube::testing::SandboxProcess;
using nlohmann::json;

const char* const kNamespace = "bench";
const int kPayload = 200;  // bytes of data per ConfigMap, besides its index

// What to run.
struct Options {
  int objects = 1000;
  int latency_ms = 20;
  std::vector<int> parallelism = {1, 10, 50};
  std::vector<int> direct = {50};  // parallelisms for the provider driven directly
  bool kubectl = true;
  bool check = false;  // fail (exit 1) on any failed run or missing object
  std::string fedplan;
  std::string sandbox;
};

std::vector<int> int_list(const std::string& s) {
  std::vector<int> out;
  if (s == "none") return out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

std::string sibling(const std::string& self, const std::string& rel) {
  std::filesystem::path p = std::filesystem::weakly_canonical(self).parent_path() / rel;
  return std::filesystem::exists(p) ? std::filesystem::weakly_canonical(p).string() : "";
}

std::string in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream in(path ? path : "");
  for (std::string dir; std::getline(in, dir, ':');)
    if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return dir + "/" + name;
  return "";
}

std::string read_text(const std::string& path) {
  std::string text;
  fedplan::read_file(path, &text, nullptr);
  return text;
}

// CPU seconds (user + system) used so far by process `pid` (0: this process).
double cpu_seconds(pid_t pid) {
  std::string text =
      read_text("/proc/" + (pid ? std::to_string(pid) : std::string("self")) + "/stat");
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

std::string load_average() {
  std::string s = read_text("/proc/loadavg");
  std::istringstream in(s);
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string cpu_model() {
  std::istringstream in(read_text("/proc/cpuinfo"));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

json configmap(int i) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", kNamespace}}},
          {"data", {{"index", std::to_string(i)}, {"payload", std::string(kPayload, 'x')}}}};
}

// A fresh sandbox with latency and the benchmark's namespace.
std::unique_ptr<SandboxProcess> fresh_sandbox(const Options& o) {
  auto sb = std::make_unique<SandboxProcess>(
      o.sandbox, std::vector<std::string>{"--bare", "--latency-ms", std::to_string(o.latency_ms),
                                          "--seed", "1"});
  return sb;
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

bool make_namespace(const std::string& kubeconfig) {
  auto p = provider(kubeconfig, 4);
  Value cfg =
      Value::object({{"manifest", fedplan::from_json({{"apiVersion", "v1"},
                                                      {"kind", "Namespace"},
                                                      {"metadata", {{"name", kNamespace}}}})}});
  fedplan::PlanResult pr = p->plan_change(PlanRequest{"kube_object", Value(), cfg});
  return ok(pr.diags) && ok(p->apply(ApplyRequest{"kube_object", Value(), pr.planned, cfg}).diags);
}

// How many ConfigMaps the benchmark's namespace holds (one LIST), -1 on failure.
int count_objects(const std::string& kubeconfig) {
  auto p = provider(kubeconfig, 4);
  fedplan::ReadResult r =
      p->read_data("kube_objects", Value::object({{"kind", Value::string("ConfigMap")},
                                                  {"api_version", Value::string("v1")},
                                                  {"namespace", Value::string(kNamespace)}}));
  if (!ok(r.diags)) return -1;
  const Value* objects = r.state.get("objects");
  return objects && objects->is_sequence() ? static_cast<int>(objects->elements().size()) : -1;
}

// The configuration: one provider and `count` kube_object ConfigMaps.
void write_config(const std::string& dir, const std::string& kubeconfig, const Options& o) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/main.fed.hcl")
      << "# Written by kube_apply_bench.\n"
      << "provider \"kube\" \"bench\" {\n"
      << "  kubeconfig   = \"" << kubeconfig << "\"\n"
      << "  max_parallel = 100\n"
      << "}\n\n"
      << "resource \"kube_object\" \"cm\" {\n"
      << "  provider = kube.bench\n"
      << "  count    = " << o.objects << "\n"
      << "  manifest = {\n"
      << "    apiVersion = \"v1\"\n"
      << "    kind       = \"ConfigMap\"\n"
      << "    metadata   = { name = \"cm-${count.index}\", namespace = \"" << kNamespace << "\" }\n"
      << "    data       = { index = tostring(count.index), payload = \""
      << std::string(kPayload, 'x') << "\" }\n"
      << "  }\n"
      << "}\n";
}

double state_megabytes(const std::string& dir) {
  std::error_code ec;
  auto size = std::filesystem::file_size(dir + "/fedplan.state.json", ec);
  return ec ? -1 : static_cast<double>(size) / 1e6;
}

int state_serial(const std::string& dir) {
  json j = json::parse(read_text(dir + "/fedplan.state.json"), nullptr, false);
  return j.is_object() && j.contains("serial") && j["serial"].is_number() ? j["serial"].get<int>()
                                                                          : -1;
}

void show_failure(const char* what, const TimedResult& r) {
  std::printf("  %s failed: exit %d\n", what, r.exit_code);
  std::string tail;
  for (size_t i = r.lines.size() > 15 ? r.lines.size() - 15 : 0; i < r.lines.size(); ++i)
    tail += "    " + r.lines[i].text + "\n";
  std::printf("%s    stderr: %s\n", tail.c_str(), r.err.substr(0, 2000).c_str());
}

double ideal(const Options& o, int parallel) {
  return static_cast<double>(o.objects) / parallel * o.latency_ms / 1000.0;
}

// `fedplan apply` at one parallelism on a fresh sandbox, then a no-op `fedplan plan`.
bool run_fedplan(const Options& o, int parallel) {
  std::unique_ptr<SandboxProcess> sb = fresh_sandbox(o);
  if (!make_namespace(sb->kubeconfig())) return false;
  std::string dir = sb->dir() / "config";
  write_config(dir, sb->kubeconfig(), o);
  const std::map<std::string, std::string> env = {{"NO_COLOR", "1"}};
  double srv0 = cpu_seconds(sb->pid());
  TimedResult r = timed_run({o.fedplan, "apply", "-auto-approve", "-no-color", "-parallelism",
                             std::to_string(parallel), dir},
                            env);
  double srv = cpu_seconds(sb->pid()) - srv0;
  int done = r.count(": Creation complete");
  bool good = r.exit_code == 0 && done == o.objects;
  double first = r.first(": Creating...");
  double last = r.last(": Creation complete");
  std::printf("%-30s %8.2f %8.2f %8.2f %8.2f %6.2fx %8.2f %8.2f %7d  (state %.2f MB)\n",
              ("fedplan apply, parallelism " + std::to_string(parallel)).c_str(), r.wall, first,
              last - first, ideal(o, parallel), (last - first) / ideal(o, parallel), r.cpu, srv,
              state_serial(dir), state_megabytes(dir));
  std::fflush(stdout);
  if (!good) {
    show_failure("fedplan apply", r);
    return false;
  }
  int live = count_objects(sb->kubeconfig());
  if (live != o.objects) {
    std::printf("  the namespace holds %d ConfigMaps, not %d\n", live, o.objects);
    return false;
  }
  srv0 = cpu_seconds(sb->pid());
  TimedResult noop = timed_run({o.fedplan, "plan", "-detailed-exitcode", "-no-color", dir}, env);
  srv = cpu_seconds(sb->pid()) - srv0;
  std::printf("%-30s %8.2f %8s %8s %8s %7s %8.2f %8.2f %7s  exit %d\n", "  then no-op fedplan plan",
              noop.wall, "", "", "", "", noop.cpu, srv, "", noop.exit_code);
  std::fflush(stdout);
  if (noop.exit_code != 0) {
    show_failure("no-op fedplan plan -detailed-exitcode", noop);
    return false;
  }
  return true;
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

// The provider alone: all plans, then all applies, from a pool of `parallel` threads.
bool run_direct(const Options& o, int parallel) {
  std::unique_ptr<SandboxProcess> sb = fresh_sandbox(o);
  if (!make_namespace(sb->kubeconfig())) return false;
  std::unique_ptr<Provider> p = provider(sb->kubeconfig(), parallel);
  std::vector<Value> configs(o.objects), planned(o.objects);
  for (int i = 0; i < o.objects; ++i)
    configs[i] = Value::object({{"manifest", fedplan::from_json(configmap(i))}});
  std::atomic<int> errors{0};
  double srv0 = cpu_seconds(sb->pid()), me0 = cpu_seconds(0);
  auto t0 = BenchClock::now();
  pool(o.objects, parallel, [&](int i) {
    fedplan::PlanResult r = p->plan_change(PlanRequest{"kube_object", Value(), configs[i]});
    if (!ok(r.diags)) ++errors;
    planned[i] = r.planned;
  });
  double plan_s = std::chrono::duration<double>(BenchClock::now() - t0).count();
  t0 = BenchClock::now();
  pool(o.objects, parallel, [&](int i) {
    if (!ok(p->apply(ApplyRequest{"kube_object", Value(), planned[i], configs[i]}).diags)) ++errors;
  });
  double apply_s = std::chrono::duration<double>(BenchClock::now() - t0).count();
  std::printf("%-30s %8.2f %8.2f %8.2f %8.2f %6.2fx %8.2f %8.2f %7s%s\n",
              ("provider alone, parallelism " + std::to_string(parallel)).c_str(), plan_s + apply_s,
              plan_s, apply_s, ideal(o, parallel), apply_s / ideal(o, parallel),
              cpu_seconds(0) - me0, cpu_seconds(sb->pid()) - srv0, "", errors ? "  (errors!)" : "");
  std::fflush(stdout);
  return errors == 0;
}

// kubectl apply --server-side -f of the same objects on a fresh sandbox.
bool run_kubectl(const Options& o) {
  std::string kubectl = in_path("kubectl");
  if (kubectl.empty()) {
    std::printf("kubectl: not installed, skipped\n");
    return true;
  }
  std::unique_ptr<SandboxProcess> sb = fresh_sandbox(o);
  if (!make_namespace(sb->kubeconfig())) return false;
  std::vector<json> docs;
  for (int i = 0; i < o.objects; ++i) docs.push_back(configmap(i));
  std::string file = sb->dir() / "objects.yaml";
  std::ofstream(file) << fedplan::to_yaml_stream(docs);
  double srv0 = cpu_seconds(sb->pid());
  TimedResult r = timed_run({kubectl, "apply", "--server-side", "-f", file},
                            {{"KUBECONFIG", sb->kubeconfig()}});
  double srv = cpu_seconds(sb->pid()) - srv0;
  std::printf("%-30s %8.2f %8s %8.2f %8s %7s %8.2f %8.2f\n", "kubectl apply --server-side -f",
              r.wall, "", r.wall, "", "", r.cpu, srv);
  if (r.exit_code != 0) {
    show_failure("kubectl apply --server-side", r);
    return false;
  }
  int live = count_objects(sb->kubeconfig());
  if (live != o.objects)
    std::printf("  the namespace holds %d ConfigMaps, not %d\n", live, o.objects);
  return live == o.objects;
}

int usage() {
  std::cerr << "usage: kube_apply_bench [--objects N] [--parallelism 1,10,50] [--latency-ms 20]\n"
               "         [--direct 50|none] [--no-kubectl] [--check] [--fedplan PATH]\n"
               "         [--sandbox PATH]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.fedplan = sibling(argv[0], "../../../cli/fedplan");
  o.sandbox = fedplan::kube::testing::sandbox_binary();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--objects")
      o.objects = std::stoi(value());
    else if (a == "--parallelism")
      o.parallelism = int_list(value());
    else if (a == "--latency-ms")
      o.latency_ms = std::stoi(value());
    else if (a == "--direct")
      o.direct = int_list(value());
    else if (a == "--no-kubectl")
      o.kubectl = false;
    else if (a == "--check")
      o.check = true;
    else if (a == "--fedplan")
      o.fedplan = value();
    else if (a == "--sandbox")
      o.sandbox = value();
    else
      return usage();
  }
  if (o.fedplan.empty() || o.sandbox.empty() || o.objects < 1) return usage();

  std::printf("kube_apply: %d ConfigMaps (%d-byte payload), sandbox latency %d ms per answer\n",
              o.objects, kPayload, o.latency_ms);
  std::printf("machine: %u x %s; load average %s\n", std::thread::hardware_concurrency(),
              cpu_model().c_str(), load_average().c_str());
  std::printf("%-30s %8s %8s %8s %8s %7s %8s %8s %7s\n", "run", "total s", "plan s", "apply s",
              "ideal s", "/ideal", "cpu s", "srv cpu", "saves");
  bool good = true;
  for (int p : o.parallelism) good = run_fedplan(o, p) && good;
  for (int p : o.direct) good = run_direct(o, p) && good;
  if (o.kubectl) good = run_kubectl(o) && good;
  std::printf("load average at the end: %s\n", load_average().c_str());
  return o.check && !good ? 1 : 0;
}
