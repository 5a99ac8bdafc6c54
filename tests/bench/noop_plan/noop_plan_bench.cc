// noop_plan_bench: how long a reviewer waits for a no-op plan of examples/libvirt-two-cluster:
// two sandbox clusters and the firewalld harness, one apply, then timed no-op plans per format.
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "base/testing/temp_dir.h"
#include "tests/bench/kube_apply/timed_run.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

namespace {

using fedplan::bench::timed_run;
using fedplan::bench::TimedResult;
namespace e2e = fedplan::e2e;

// The command line.
struct Args {
  int runs = 5;
  std::string dir;      // work directory, kept; a temporary one (removed) when empty
  std::string fedplan;  // the binary that applies and plans; this build's when empty
  std::string sandbox;  // the sandbox binary; this build's when empty
};

bool parse(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string f = argv[i];
    if (f == "--runs" && i + 1 < argc) {
      a->runs = std::max(1, std::atoi(argv[++i]));
    } else if (f == "--dir" && i + 1 < argc) {
      a->dir = argv[++i];
    } else if (f == "--fedplan" && i + 1 < argc) {
      a->fedplan = argv[++i];
    } else if (f == "--sandbox" && i + 1 < argc) {
      a->sandbox = argv[++i];
    } else {
      std::cerr << "usage: noop_plan_bench [--runs N] [--dir DIR] [--fedplan PATH] [--sandbox "
                   "PATH]\n";
      return false;
    }
  }
  return true;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// One row of the table: the runs of one plan command.
struct Row {
  std::string name;
  std::vector<double> wall, cpu;
  size_t stdout_bytes = 0;

  std::string range(std::vector<double> v) const {
    std::sort(v.begin(), v.end());
    return fixed(v.front(), 2) + " / " + fixed(v[v.size() / 2], 2) + " / " + fixed(v.back(), 2);
  }
};

// The firewalld harness (tests/firewalld/harness.sh) in `dir`, stopped by the destructor.
struct Hypervisor {
  std::string dir;
  e2e::Run started;
  explicit Hypervisor(std::string d) : dir(std::move(d)) {
    started = e2e::run_program({harness(), "start", dir}, {}, std::chrono::seconds(300));
  }
  ~Hypervisor() {
    if (started.exit_code == 0) e2e::run_program({harness(), "stop", dir});
  }
  static std::string harness() { return e2e::source_dir() + "/tests/firewalld/harness.sh"; }
};

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse(argc, argv, &args)) return 2;
  fedplan::testing::TempDir tmp;
  std::string work = args.dir.empty() ? tmp.path() : args.dir;
  utsname u{};
  uname(&u);
  std::cout << "machine: " << sysconf(_SC_NPROCESSORS_ONLN) << " CPUs, " << u.sysname << " "
            << u.release << "; load average at start " << load_average() << "\n";

  Hypervisor fw(work + "/fw");
  if (fw.started.exit_code == 77) {
    std::cout << "the firewalld harness cannot run here (needs root and ip netns): skipped\n";
    return 77;
  }
  if (fw.started.exit_code != 0) {
    std::cerr << "firewalld harness failed:\n" << fw.started.all();
    return 1;
  }
  std::vector<std::string> up_flags;
  if (!args.sandbox.empty()) up_flags = {"--bin", args.sandbox};  // the last --bin counts
  e2e::Sandboxes sb({"mesh1", "mesh2"}, work + "/sb", up_flags);
  if (!sb.ok()) {
    std::cerr << sb.error() << "\n";
    return 1;
  }
  e2e::copy_example("libvirt-two-cluster", work);
  std::string dir = work + "/examples/libvirt-two-cluster";
  std::map<std::string, std::string> env = sb.env();
  env["FEDPLAN_VAR_firewall_cmd"] = fw.dir + "/firewall-cmd";
  env["NO_COLOR"] = "1";

  std::string fedplan = args.fedplan.empty() ? e2e::fedplan_binary() : args.fedplan;
  TimedResult apply = timed_run({fedplan, "apply", "-auto-approve"}, env, dir);
  if (apply.exit_code != 0) {
    std::cerr << "apply failed:\n" << apply.err;
    return 1;
  }

  // A diagnostic, not the figure: firewall-cmd answered at once by a script that prints what
  // the real one listed, to show what the plan costs beside two firewall-cmd processes.
  std::string stand_in = work + "/firewall-cmd-stand-in";
  e2e::Run ports = e2e::run_program({fw.dir + "/firewall-cmd", "--zone=libvirt", "--list-ports"});
  std::ofstream(stand_in) << "#!/bin/sh\necho '" << ports.out.substr(0, ports.out.find('\n'))
                          << "'\n";
  chmod(stand_in.c_str(), 0755);
  std::map<std::string, std::string> stand_in_env = env;
  stand_in_env["FEDPLAN_VAR_firewall_cmd"] = stand_in;

  // name, flags, with the stand-in
  const std::vector<std::tuple<std::string, std::vector<std::string>, bool>> commands = {
      {"plan -format markdown", {"-format", "markdown"}, false},
      {"plan -format json", {"-format", "json"}, false},
      {"plan -format text", {"-format", "text"}, false},
      {"plan -refresh=false -format json", {"-refresh=false", "-format", "json"}, false},
      {"plan -format json, firewall-cmd stand-in", {"-format", "json"}, true},
  };
  std::vector<Row> rows;
  bool failed = false;
  for (const auto& [name, flags, fake_fw] : commands) {
    Row row{name};
    for (int i = 0; i < args.runs; ++i) {
      std::vector<std::string> argv = {fedplan, "plan", "-detailed-exitcode"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      TimedResult r = timed_run(argv, fake_fw ? stand_in_env : env, dir);
      if (r.exit_code != 0) {  // 2 would be changes: the second plan must find none
        std::cerr << name << ": exit " << r.exit_code << "\n" << r.err << "\n";
        failed = true;
        break;
      }
      row.wall.push_back(r.wall);
      row.cpu.push_back(r.cpu);
      row.stdout_bytes = 0;
      for (const auto& l : r.lines) row.stdout_bytes += l.text.size() + 1;
    }
    if (!row.wall.empty()) rows.push_back(std::move(row));
  }

  std::cout << "\nno-op plans of examples/libvirt-two-cluster, " << args.runs
            << " runs each (min / median / max; CPU includes the firewall-cmd children)\n\n"
            << "| command | wall, s | CPU, s | stdout, bytes |\n| --- | --- | --- | --- |\n";
  for (const Row& r : rows)
    std::cout << "| `fedplan " << r.name << "` | " << r.range(r.wall) << " | " << r.range(r.cpu)
              << " | " << r.stdout_bytes << " |\n";
  std::cout << "\nload average at the end " << load_average() << "\n";
  return failed ? 1 : 0;
}
