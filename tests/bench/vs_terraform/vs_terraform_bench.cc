// Benchmark: fedplan and Terraform side by side on the same N-instance configuration
// (null_resource / terraform_data): plan on an empty state, apply of that plan, no-op plan.
// Prints wall time, CPU time and peak RSS (wait4) of each step and Terraform's over fedplan's;
// never fails on time, only when a step exits with the wrong code. Exits 77 (skipped) when
// terraform is not on PATH. Terraform's 10k apply takes over 15 minutes: --terraform-apply-up-to.
//
// Run: build/tests/bench/vs_terraform/vs_terraform_bench [--sizes 1000,10000,100000]
//        [--terraform-up-to 10000] [--terraform-apply-up-to 10000] [--fedplan PATH]
//        [--terraform PATH] [--dir DIR]
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/bench/plan_scale/child_run.h"
#include "tests/bench/vs_terraform/vs_config.h"

namespace {

namespace fs = std::filesystem;
using fedplan::bench::ChildRun;
using fedplan::bench::run_child;
using fedplan::bench::Tool;
using fedplan::bench::write_vs_config;

struct Options {
  std::vector<int> sizes = {1000, 10000};
  int terraform_up_to = 10000;        // larger sizes run fedplan alone
  int terraform_apply_up_to = 10000;  // larger sizes skip Terraform's apply and no-op plan
  std::string fedplan = FEDPLAN_BIN;
  std::string terraform;  // found on PATH when empty
  std::string dir;        // kept when given; a fresh temp dir (removed) otherwise
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
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : "0"; };
    if (a == "--sizes")
      o->sizes = int_list(next());
    else if (a == "--terraform-up-to")
      o->terraform_up_to = int_list(next()).at(0);
    else if (a == "--terraform-apply-up-to")
      o->terraform_apply_up_to = int_list(next()).at(0);
    else if (a == "--fedplan")
      o->fedplan = next();
    else if (a == "--terraform")
      o->terraform = next();
    else if (a == "--dir")
      o->dir = next();
    else {
      std::cerr << "usage: vs_terraform_bench [--sizes 1000,10000,100000] [--terraform-up-to N] "
                   "[--terraform-apply-up-to N] [--fedplan PATH] [--terraform PATH] [--dir DIR]\n";
      return false;
    }
  }
  return !o->sizes.empty();
}

// `name` as found on PATH, or "".
std::string on_path(const std::string& name) {
  const char* path = getenv("PATH");
  std::stringstream in(path ? path : "");
  for (std::string d; std::getline(in, d, ':');) {
    std::string p = (d.empty() ? "." : d) + "/" + name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

std::string load_average() {
  double l[3] = {0, 0, 0};
  if (getloadavg(l, 3) != 3) return "?";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", l[0], l[1], l[2]);
  return buf;
}

// The three steps, as each tool's arguments after its binary.
struct Step {
  std::string name;
  std::vector<std::string> fedplan;
  std::vector<std::string> terraform;
  int want_exit;
};

std::vector<Step> steps(const fs::path& fdir, const fs::path& tdir) {
  std::string fplan = (fdir / "bench.plan").string();
  std::string tchdir = "-chdir=" + tdir.string();
  return {
      {"plan (empty state)",
       {"plan", "-no-color", "-detailed-exitcode", "-out=" + fplan, fdir.string()},
       {tchdir, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=bench.plan"},
       2},
      {"apply (saved plan)",
       {"apply", "-no-color", "-auto-approve", fplan},
       {tchdir, "apply", "-input=false", "-no-color", "bench.plan"},
       0},
      {"plan (no-op)",
       {"plan", "-no-color", "-detailed-exitcode", fdir.string()},
       {tchdir, "plan", "-input=false", "-no-color", "-detailed-exitcode"},
       0},
  };
}

std::string cell(const std::optional<ChildRun>& r, double ChildRun::*field) {
  if (!r) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", (*r).*field);
  return buf;
}

std::string mib(const std::optional<ChildRun>& r) {
  return r ? std::to_string(r->peak_rss_kib / 1024) : "-";
}

std::string memory_ratio(const std::optional<ChildRun>& f, const std::optional<ChildRun>& t) {
  if (!f || !t || f->peak_rss_kib <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fx",
                static_cast<double>(t->peak_rss_kib) / static_cast<double>(f->peak_rss_kib));
  return buf;
}

std::string ratio(const std::optional<ChildRun>& f, const std::optional<ChildRun>& t,
                  double ChildRun::*field) {
  if (!f || !t || (*f).*field <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fx", (*t).*field / (*f).*field);
  return buf;
}

// Runs one step of one tool; false (and says why) when it exits with the wrong code.
bool run_step(const std::string& bin, const std::vector<std::string>& args, int want,
              const fs::path& dir, std::optional<ChildRun>* out) {
  std::vector<std::string> argv{bin};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string log = (dir / "log.txt").string();
  ChildRun r = run_child(argv, log);
  *out = r;
  if (r.exit_code == want) return true;
  std::cerr << bin << " exited " << r.exit_code << " (expected " << want << ")" << r.error
            << "; see " << log << "\n";
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, &o)) return 2;
  if (o.terraform.empty()) o.terraform = on_path("terraform");
  if (o.terraform.empty() || ::access(o.terraform.c_str(), X_OK) != 0) {
    std::cout << "SKIPPED: vs_terraform_bench compares fedplan with Terraform, and terraform is "
                 "not on PATH (or give --terraform PATH)\n";
    return 77;
  }
  // Terraform as on a CI machine: no CLI config, no update check, no prompts.
  ::setenv("TF_CLI_CONFIG_FILE", "/dev/null", 1);
  ::setenv("CHECKPOINT_DISABLE", "1", 1);
  ::setenv("TF_IN_AUTOMATION", "1", 1);
  fs::path base = o.dir;
  bool keep = !base.empty();
  if (base.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "vs_terraform.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      return 1;
    }
    base = tmpl;
  }
  std::cout << "fedplan: " << o.fedplan << "\nterraform: " << o.terraform
            << "\nwork dir: " << base.string() << "\nload average before: " << load_average()
            << "\n\n";
  std::printf("%9s  %-20s %9s %9s %7s %8s %8s %7s %9s %9s %7s\n", "instances", "step", "fp wall s",
              "tf wall s", "wall", "fp cpu s", "tf cpu s", "cpu", "fp MiB", "tf MiB", "memory");
  bool ok = true;
  for (int size : o.sizes) {
    fs::path fdir = base / ("fedplan-" + std::to_string(size));
    fs::path tdir = base / ("terraform-" + std::to_string(size));
    bool with_tf = size <= o.terraform_up_to;
    for (auto [dir, tool] : {std::pair{fdir, Tool::Fedplan}, std::pair{tdir, Tool::Terraform}}) {
      if (tool == Tool::Terraform && !with_tf) continue;
      std::string err = write_vs_config(dir.string(), size, tool);
      if (!err.empty()) {
        std::cerr << err << "\n";
        return 1;
      }
    }
    bool fp_ok = true, tf_ok = with_tf;
    for (const Step& s : steps(fdir, tdir)) {
      std::optional<ChildRun> f, t;
      if (fp_ok) fp_ok = run_step(o.fedplan, s.fedplan, s.want_exit, fdir, &f);
      bool tf_here = tf_ok && (s.name == "plan (empty state)" || size <= o.terraform_apply_up_to);
      if (tf_here) tf_ok = run_step(o.terraform, s.terraform, s.want_exit, tdir, &t);
      ok = ok && fp_ok && (!tf_here || tf_ok);
      std::printf("%9d  %-20s %9s %9s %7s %8s %8s %7s %9s %9s %7s\n", size, s.name.c_str(),
                  cell(f, &ChildRun::wall_s).c_str(),
                  tf_here ? cell(t, &ChildRun::wall_s).c_str() : "skipped",
                  ratio(f, t, &ChildRun::wall_s).c_str(), cell(f, &ChildRun::cpu_s).c_str(),
                  cell(t, &ChildRun::cpu_s).c_str(), ratio(f, t, &ChildRun::cpu_s).c_str(),
                  mib(f).c_str(), mib(t).c_str(), memory_ratio(f, t).c_str());
      std::fflush(stdout);
    }
    if (!ok) keep = true;
  }
  std::cout << "\nratios are Terraform's over fedplan's (wall, CPU = user + system, peak RSS)\n"
            << "load average after: " << load_average() << "\n";
  if (keep)
    std::cout << "kept: " << base.string() << "\n";
  else
    fs::remove_all(base);
  return ok ? 0 : 1;
}
