// Benchmark: the real fedplan binary on generated configurations of 1k, 10k (and, when asked,
// 100k) null_resource instances: validate, plan on an empty state, apply, no-op plan.
// Prints wall time, CPU time and peak RSS of each step; never fails on time, only when a step
// exits with the wrong code (the ctest entry runs it at 1k as a smoke test).
//
// Run: build/tests/bench/plan_scale/plan_scale_bench [--sizes 1000,10000,100000]
//        [--fedplan PATH] [--keep] [--dir DIR] [--apply-parallelism N] [--generate-only]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/bench/plan_scale/child_run.h"
#include "tests/bench/plan_scale/scale_config.h"

namespace {

using fedplan::bench::ChildRun;
using fedplan::bench::run_child;
using fedplan::bench::ScaleConfig;
using fedplan::bench::write_scale_config;

// What to run.
struct Options {
  std::vector<int> sizes = {1000, 10000};
  std::string fedplan = FEDPLAN_BIN;
  std::string dir;             // where the configurations go (kept); a fresh temp dir when empty
  bool keep = false;           // leave the configurations, states and logs behind
  int apply_parallelism = 10;  // fedplan's default
  bool generate_only = false;  // write the configurations (kept) and stop
};

// One measured step of one size.
struct Step {
  std::string name;
  std::vector<std::string> args;  // after the binary
  int want_exit = 0;
};

std::vector<int> int_list(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    double v = std::stod(item);
    if (item.back() == 'k') v *= 1000;
    out.push_back(static_cast<int>(v));
  }
  return out;
}

bool parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--sizes")
      o->sizes = int_list(next());
    else if (a == "--fedplan")
      o->fedplan = next();
    else if (a == "--dir")
      o->dir = next();
    else if (a == "--keep")
      o->keep = true;
    else if (a == "--apply-parallelism")
      o->apply_parallelism = std::stoi(next());
    else if (a == "--generate-only")
      o->generate_only = o->keep = true;
    else {
      std::cerr << "usage: plan_scale_bench [--sizes 1000,10000,100000] [--fedplan PATH] "
                   "[--dir DIR] [--keep] [--apply-parallelism N] [--generate-only]\n";
      return false;
    }
  }
  return !o->sizes.empty();
}

std::string load_average() {
  double l[3] = {0, 0, 0};
  if (getloadavg(l, 3) != 3) return "?";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", l[0], l[1], l[2]);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, &o)) return 2;
  namespace fs = std::filesystem;
  fs::path base = o.dir;
  if (!base.empty()) o.keep = true;  // never delete a directory the user named
  if (base.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "plan_scale.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      return 1;
    }
    base = tmpl;
  }
  std::cout << "fedplan: " << o.fedplan << "\nwork dir: " << base.string()
            << "\nload average before: " << load_average() << "\n\n";
  std::printf("%9s  %-22s %4s %9s %9s %10s\n", "instances", "step", "exit", "wall s", "cpu s",
              "peak MiB");
  bool ok = true;
  std::map<int, double> noop_wall;
  for (int size : o.sizes) {
    fs::path dir = base / ("n" + std::to_string(size));
    ScaleConfig cfg = write_scale_config(dir.string(), size);
    if (!cfg.error.empty()) {
      std::cerr << cfg.error << "\n";
      return 1;
    }
    if (o.generate_only) {
      std::cout << "wrote " << dir.string() << ": " << cfg.instances << " instances in "
                << cfg.modules << " modules\n";
      continue;
    }
    std::string plan_file = (dir / "bench.plan").string();
    std::vector<Step> steps = {
        {"validate", {"validate", "-no-color", dir.string()}, 0},
        {"plan (empty state)",
         {"plan", "-no-color", "-detailed-exitcode", "-out=" + plan_file, dir.string()},
         2},
        {"apply (saved plan)",
         {"apply", "-no-color", "-auto-approve",
          "-parallelism=" + std::to_string(o.apply_parallelism), plan_file},
         0},
        {"plan (no-op)", {"plan", "-no-color", "-detailed-exitcode", dir.string()}, 0},
    };
    for (const Step& s : steps) {
      std::vector<std::string> argv{o.fedplan};
      argv.insert(argv.end(), s.args.begin(), s.args.end());
      std::string log = (dir / "log.txt").string();
      ChildRun r = run_child(argv, log);
      std::printf("%9d  %-22s %4d %9.2f %9.2f %10.1f%s\n", cfg.instances, s.name.c_str(),
                  r.exit_code, r.wall_s, r.cpu_s, static_cast<double>(r.peak_rss_kib) / 1024.0,
                  r.exit_code == s.want_exit ? "" : "  <- unexpected exit code");
      std::fflush(stdout);
      if (!r.error.empty()) std::cerr << r.error << "\n";
      if (r.exit_code != s.want_exit) {
        ok = false;
        std::cerr << "step \"" << s.name << "\" exited " << r.exit_code << ", expected "
                  << s.want_exit << "; see " << log << "\n";
        o.keep = true;
        break;
      }
      if (s.name == "plan (no-op)") noop_wall[cfg.instances] = r.wall_s;
    }
    if (!ok) break;
  }
  std::cout << "\nload average after: " << load_average() << "\n";
  for (auto it = noop_wall.begin(); it != noop_wall.end(); ++it) {
    auto next = std::next(it);
    if (next == noop_wall.end()) break;
    std::printf("no-op plan time(%d)/time(%d) = %.2f\n", next->first, it->first,
                it->second > 0 ? next->second / it->second : 0.0);
  }
  if (o.keep)
    std::cout << "kept: " << base.string() << "\n";
  else
    fs::remove_all(base);
  return ok ? 0 : 1;
}
