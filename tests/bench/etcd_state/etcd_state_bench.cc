// Benchmark: the same configurations applied and planned with the state in a local file and
// in etcd (a real one-member etcd started here, data on disk so it fsyncs as the local file
// does): apply, no-op plan and `state pull` (the read alone), wall and CPU time. Never fails
// on time, only when a step exits with the wrong code.
//
// Run: build/tests/bench/etcd_state/etcd_state_bench [--sizes 1000,10000] [--runs N]
//        [--fedplan PATH] [--keep]
// --runs repeats every size (new directories and prefixes); --fedplan times another build of
// the fedplan binary (an older one, to compare on the same machine at the same load).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "state/etcd/etcd_client.h"
#include "state/etcd/testing/etcd_cluster.h"
#include "tests/bench/plan_scale/child_run.h"
#include "tests/bench/plan_scale/scale_config.h"

namespace {

namespace fs = std::filesystem;
using fedplan::bench::ChildRun;
using fedplan::bench::run_child;

struct Step {
  std::string name;
  std::vector<std::string> args;
  int want_exit = 0;
};

// The 1-, 5- and 15-minute load averages, so a reader can tell a busy machine's figures.
void print_load(const char* when) {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  std::printf("load average %s: %s %s %s\n", when, one.c_str(), five.c_str(), fifteen.c_str());
}

// How many whole writes the apply made (the manifest key's version), how many chunks it has
// and their bytes as stored.
void print_writes(const fedplan::testing::EtcdCluster& etcd, const std::string& prefix_name) {
  fedplan::EtcdClientOptions o;
  o.endpoints = etcd.endpoints();
  fedplan::Diagnostics diags;
  auto client = fedplan::EtcdClient::connect(o, nullptr, diags);
  std::string prefix = prefix_name + "/default/";
  auto state = client ? client->range({.key = prefix + "state"}, diags) : std::nullopt;
  auto chunks = client ? client->range({.key = prefix + "chunks/",
                                        .range_end = fedplan::etcd_prefix_end(prefix + "chunks/"),
                                        .keys_only = false},
                                       diags)
                       : std::nullopt;
  if (!state || state->kvs.empty() || !chunks) return;
  size_t bytes = 0;
  for (const fedplan::EtcdKv& kv : chunks->kvs) bytes += kv.value.size();
  std::printf("%9s  %-8s whole state writes %lld, chunks now %zu (%zu bytes stored)\n", "", "",
              static_cast<long long>(state->kvs[0].version), chunks->kvs.size(), bytes);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {1000, 10000};
  bool keep = false;
  int runs = 1;
  std::string fedplan_bin = FEDPLAN_BIN;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--sizes" && i + 1 < argc) {
      sizes.clear();
      std::stringstream in(argv[++i]);
      for (std::string item; std::getline(in, item, ',');) sizes.push_back(std::stoi(item));
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::stoi(argv[++i]));
    } else if (a == "--fedplan" && i + 1 < argc) {
      fedplan_bin = argv[++i];
    } else if (a == "--keep") {
      keep = true;
    } else {
      std::cerr << "usage: etcd_state_bench [--sizes 1000,10000] [--runs N] [--fedplan PATH] "
                   "[--keep]\n";
      return 2;
    }
  }
  if (!fedplan::testing::EtcdCluster::available()) {
    std::cerr << "etcd is not installed (scripts/deps.sh installs etcd-server)\n";
    return 77;
  }
  fedplan::testing::EtcdCluster etcd({.on_disk = true});
  std::string tmpl = (fs::temp_directory_path() / "etcd_state.XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return 1;
  fs::path base = tmpl;
  print_load("before");
  std::printf("fedplan: %s\n", fedplan_bin.c_str());
  std::printf("%9s  %-8s %-16s %4s %9s %9s\n", "instances", "backend", "step", "exit", "wall s",
              "cpu s");
  bool ok = true;
  std::map<std::pair<int, std::string>, double> apply_wall;
  std::vector<std::string> ratios;
  for (int run = 1; run <= runs; ++run)
    for (int size : sizes) {
      for (std::string backend : {"local", "etcd"}) {
        std::string name = std::to_string(size) + "-" + std::to_string(run);
        fs::path dir = base / (backend + name);
        fedplan::bench::ScaleConfig cfg = fedplan::bench::write_scale_config(dir.string(), size);
        if (!cfg.error.empty()) {
          std::cerr << cfg.error << "\n";
          return 1;
        }
        if (backend == "etcd")
          std::ofstream(dir / "backend.fed.hcl")
              << "fedplan {\n  backend \"etcd\" {\n    endpoints = [\"" << etcd.endpoints()[0]
              << "\"]\n    prefix = \"bench" << name << "\"\n  }\n}\n";
        std::string plan_file = (dir / "bench.plan").string();
        std::vector<Step> steps = {
            {"plan",
             {"plan", "-no-color", "-detailed-exitcode", "-out=" + plan_file, dir.string()},
             2},
            {"apply", {"apply", "-no-color", "-auto-approve", plan_file}, 0},
            {"plan (no-op)", {"plan", "-no-color", "-detailed-exitcode", dir.string()}, 0},
            {"state pull", {"state", "pull", "-dir=" + dir.string()}, 0},
        };
        for (const Step& s : steps) {
          std::vector<std::string> args{fedplan_bin};
          args.insert(args.end(), s.args.begin(), s.args.end());
          std::string log = (dir / "log.txt").string();
          ChildRun r = run_child(args, log);
          std::printf("%9d  %-8s %-16s %4d %9.2f %9.2f%s\n", cfg.instances, backend.c_str(),
                      s.name.c_str(), r.exit_code, r.wall_s, r.cpu_s,
                      r.exit_code == s.want_exit ? "" : "  <- unexpected exit code");
          std::fflush(stdout);
          if (r.exit_code != s.want_exit) {
            std::cerr << "see " << log << "\n";
            ok = false;
            keep = true;
            break;
          }
          if (s.name == "apply") apply_wall[{size, backend}] = r.wall_s;
          if (s.name == "apply" && backend == "etcd") print_writes(etcd, "bench" + name);
        }
      }
      char ratio[96];
      std::snprintf(ratio, sizeof ratio, "apply etcd/local at %d, run %d: %.2f\n", size, run,
                    apply_wall[{size, "etcd"}] / std::max(apply_wall[{size, "local"}], 1e-3));
      ratios.push_back(ratio);
    }
  for (const std::string& r : ratios) std::fputs(r.c_str(), stdout);
  print_load("after");
  if (keep)
    std::cout << "kept: " << base.string() << "\n";
  else
    fs::remove_all(base);
  return ok ? 0 : 1;
}
