// Sandbox process control: detached fedplan-sandbox children (double fork, own session, log
// file), PID and ready files per cluster, and shutdown by PID after checking it is ours.
#include "sandbox/control.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "base/files.h"

namespace fedplan::sandbox {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// What the command line asked for.
struct ControlArgs {
  std::string verb;
  std::vector<std::string> clusters;
  bool clusters_given = false;
  std::string dir = ".fedplan-sandbox";
  std::string bin;
  bool bare = false;
  bool no_operators = false;  // --no-operators, passed on
  bool purge = false;
  int timeout_ms = 15000;
  std::string nodes;              // --nodes N, passed on ("" = the sandbox's default)
  bool no_load_balancer = false;  // --no-load-balancer, passed on
  std::string latency_ms;         // --latency-ms N, passed on ("" = none)
};

// The files one cluster uses in DIR.
struct ClusterFiles {
  std::string name;
  fs::path pid, kubeconfig, data, ready, log;
};

const char* const kUsage =
    "usage: fedplan sandbox up [--clusters mesh1,mesh2] [--dir DIR] [--bin PATH] [--bare]\n"
    "                          [--no-operators] [--nodes N] [--no-load-balancer]\n"
    "                          [--latency-ms N]\n"
    "       fedplan sandbox status [--clusters ...] [--dir DIR]\n"
    "       fedplan sandbox down [--clusters ...] [--dir DIR] [--purge]\n";

const char* const kHelp =
    "\nStarts, lists or stops local sandbox clusters: Kubernetes API servers that play\n"
    "OpenShift and the Service Mesh operator, each with a kubeconfig in DIR/NAME.kubeconfig.\n\n"
    "  --clusters a,b      The clusters (default mesh1,mesh2).\n"
    "  --dir DIR           Where their kubeconfigs, logs and PID files go (.fedplan-sandbox).\n"
    "  --bin PATH          The fedplan-sandbox binary (FEDPLAN_SANDBOX_BIN, else beside fedplan).\n"
    "  --bare              up: without OLM and the OpenShift Service Mesh operator play.\n"
    "  --no-operators      up: OLM only; a Subscription installs the Service Mesh, Kiali and\n"
    "                      Jaeger operators (the ossm-operators module).\n"
    "  --nodes N           up: nodes per cluster (1-100).\n"
    "  --no-load-balancer  up: LoadBalancer Services stay pending (no cloud provider).\n"
    "  --latency-ms N      up: delay every API answer by N ms (0-60000).\n"
    "  --purge             down: also remove the clusters' data.\n"
    "  --timeout-ms N      up: how long to wait for each cluster to be ready.\n";

bool is_help(const std::string& a) {
  return a == "-h" || a == "--help" || a == "-help";
}

bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 40) return false;
  for (char c : n)
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '-')
      return false;
  return n.front() != '-' && n.back() != '-';
}

bool parse_args(const std::vector<std::string>& args, ControlArgs* a, std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return false;
  }
  a->verb = args[0];
  if (a->verb != "up" && a->verb != "status" && a->verb != "down") {
    err << "fedplan sandbox: unknown subcommand " << a->verb << "\n" << kUsage;
    return false;
  }
  for (size_t i = 1; i < args.size(); ++i) {
    std::string k = args[i], v;
    // One dash or two, as every other command takes them.
    if (k.size() > 2 && k[0] == '-' && k[1] != '-') k = "-" + k;
    bool inline_value = false;
    if (size_t eq = k.find('='); k.rfind("--", 0) == 0 && eq != std::string::npos) {
      v = k.substr(eq + 1);
      k = k.substr(0, eq);
      inline_value = true;
    }
    auto value = [&]() -> bool {
      if (inline_value) return true;
      if (i + 1 >= args.size()) {
        err << "fedplan sandbox: " << k << " needs a value\n";
        return false;
      }
      v = args[++i];
      return true;
    };
    if (k == "--clusters") {
      if (!value()) return false;
      a->clusters.clear();
      std::stringstream ss(v);
      for (std::string n; std::getline(ss, n, ',');)
        if (!n.empty()) a->clusters.push_back(n);
      a->clusters_given = true;
    } else if (k == "--dir") {
      if (!value()) return false;
      a->dir = v;
    } else if (k == "--bin") {
      if (!value()) return false;
      a->bin = v;
    } else if (k == "--timeout-ms") {
      if (!value()) return false;
      a->timeout_ms = std::atoi(v.c_str());
    } else if (k == "--bare") {
      a->bare = true;
    } else if (k == "--no-operators") {
      a->no_operators = true;
    } else if (k == "--no-load-balancer") {
      a->no_load_balancer = true;
    } else if (k == "--nodes") {
      if (!value()) return false;
      if (v.empty() || v.size() > 3 ||
          !std::all_of(v.begin(), v.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) ||
          std::stoi(v) < 1 || std::stoi(v) > 100) {
        err << "fedplan sandbox: --nodes takes a number from 1 to 100, got \"" << v << "\"\n";
        return false;
      }
      a->nodes = v;
    } else if (k == "--latency-ms") {
      if (!value()) return false;
      if (v.empty() || v.size() > 5 ||
          !std::all_of(v.begin(), v.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) ||
          std::stoi(v) > 60000) {
        err << "fedplan sandbox: --latency-ms takes a number from 0 to 60000, got \"" << v
            << "\"\n";
        return false;
      }
      a->latency_ms = v;
    } else if (k == "--purge") {
      a->purge = true;
    } else {
      err << "fedplan sandbox: unknown option " << args[i] << "\n" << kUsage;
      return false;
    }
  }
  if (!a->clusters_given) a->clusters = {"mesh1", "mesh2"};
  for (const std::string& n : a->clusters)
    if (!valid_name(n)) {
      err << "fedplan sandbox: cluster name \"" << n
          << "\" must be lowercase letters, digits and '-'\n";
      return false;
    }
  return true;
}

ClusterFiles files_for(const fs::path& dir, const std::string& name) {
  return {name,
          dir / (name + ".pid"),
          dir / (name + ".kubeconfig"),
          dir / (name + ".state.json"),
          dir / (name + ".ready.json"),
          dir / (name + ".log")};
}

// The file's text, "" when it cannot be read (a process that is gone, a file not written yet).
std::string read_text(const fs::path& p) {
  std::string text;
  read_file(p.string(), &text, nullptr);
  return text;
}

pid_t read_pid(const fs::path& p) {
  std::string s = read_text(p);
  long v = std::strtol(s.c_str(), nullptr, 10);
  return v > 1 ? static_cast<pid_t>(v) : 0;
}

// Whether `pid` is a live fedplan-sandbox process (not a recycled PID, not a zombie).
bool is_our_sandbox(pid_t pid) {
  if (pid <= 1 || ::kill(pid, 0) != 0) return false;
  std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') return false;
  std::string cmdline = read_text("/proc/" + std::to_string(pid) + "/cmdline");
  return cmdline.find("fedplan-sandbox") != std::string::npos;
}

// Whether `pid` has exited: gone, or a zombie its parent has not reaped yet. An exiting process
// loses its cmdline before it becomes a zombie, so is_our_sandbox() turns false too early.
bool exited(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  return stat.empty() || (close != std::string::npos && close + 2 < stat.size() &&
                          (stat[close + 2] == 'Z' || stat[close + 2] == 'X'));
}

std::string env_name(const std::string& cluster) {
  std::string s;
  for (char c : cluster)
    s += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c)) : '_';
  return s + "_KUBECONFIG";
}

std::string find_binary(const ControlArgs& a) {
  if (!a.bin.empty()) return a.bin;
  if (const char* e = std::getenv("FEDPLAN_SANDBOX_BIN"); e && *e) return e;
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& cand :
         {self.parent_path() / "fedplan-sandbox", self.parent_path() / "../sandbox/fedplan-sandbox",
          self.parent_path() / "../../sandbox/fedplan-sandbox"})
      if (::access(cand.c_str(), X_OK) == 0) return fs::weakly_canonical(cand).string();
  }
  return "fedplan-sandbox";
}

// Starts the binary detached (its own session, stdio to the log); returns its PID or 0.
pid_t spawn_detached(const std::vector<std::string>& argv, const fs::path& log, std::string* err) {
  std::vector<char*> cargv;
  for (const std::string& s : argv) cargv.push_back(const_cast<char*>(s.c_str()));
  cargv.push_back(nullptr);
  std::string log_path = log.string();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    *err = std::string("pipe: ") + std::strerror(errno);
    return 0;
  }
  pid_t child = ::fork();
  if (child < 0) {
    *err = std::string("fork: ") + std::strerror(errno);
    return 0;
  }
  if (child == 0) {
    ::setsid();
    pid_t grandchild = ::fork();
    if (grandchild == 0) {
      int in = ::open("/dev/null", O_RDONLY);
      int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (in >= 0) ::dup2(in, 0);
      if (out >= 0) {
        ::dup2(out, 1);
        ::dup2(out, 2);
      }
      ::execvp(cargv[0], cargv.data());
      const char msg[] = "fedplan sandbox: cannot execute fedplan-sandbox\n";
      if (::write(2, msg, sizeof msg - 1) < 0) {
      }
      ::_exit(127);
    }
    if (::write(fds[1], &grandchild, sizeof grandchild) < 0) {
    }
    ::_exit(grandchild > 0 ? 0 : 1);
  }
  ::close(fds[1]);
  pid_t pid = 0;
  ssize_t n = ::read(fds[0], &pid, sizeof pid);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (n != sizeof pid || pid <= 0) {
    *err = "could not start fedplan-sandbox";
    return 0;
  }
  return pid;
}

std::string log_tail(const fs::path& log) {
  std::string text = read_text(log);
  if (text.size() > 2000) text = "..." + text.substr(text.size() - 2000);
  return text;
}

int up(const ControlArgs& a, const fs::path& dir, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    err << "fedplan sandbox: cannot create " << dir << ": " << ec.message() << "\n";
    return 1;
  }
  ::chmod(dir.c_str(), 0700);
  std::string bin = find_binary(a);
  int rc = 0;
  for (const std::string& name : a.clusters) {
    ClusterFiles f = files_for(dir, name);
    pid_t existing = read_pid(f.pid);
    if (existing && is_our_sandbox(existing)) {
      err << name << ": already running (pid " << existing << ")\n";
      out << "export " << env_name(name) << "=" << f.kubeconfig.string() << "\n";
      continue;
    }
    fs::remove(f.ready, ec);
    std::vector<std::string> argv = {bin,    "--name",           name,         "--port",
                                     "0",    "--kubeconfig-out", f.kubeconfig, "--data",
                                     f.data, "--ready-file",     f.ready};
    if (a.bare) argv.push_back("--bare");
    if (a.no_operators) argv.push_back("--no-operators");
    if (!a.nodes.empty()) argv.insert(argv.end(), {"--nodes", a.nodes});
    if (a.no_load_balancer) argv.push_back("--no-load-balancer");
    if (!a.latency_ms.empty()) argv.insert(argv.end(), {"--latency-ms", a.latency_ms});
    std::string e;
    pid_t pid = spawn_detached(argv, f.log, &e);
    if (!pid) {
      err << name << ": " << e << "\n";
      rc = 1;
      continue;
    }
    std::ofstream(f.pid) << pid << "\n";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(a.timeout_ms);
    json ready;
    while (std::chrono::steady_clock::now() < deadline) {
      if (fs::exists(f.ready)) {
        ready = json::parse(read_text(f.ready), nullptr, false);
        if (ready.is_object() && ready.contains("port")) break;
      }
      if (!is_our_sandbox(pid) && ::kill(pid, 0) != 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!ready.is_object() || !ready.contains("port")) {
      err << name << ": fedplan-sandbox did not become ready; its log (" << f.log.string() << "):\n"
          << log_tail(f.log);
      if (::kill(pid, 0) == 0) ::kill(pid, SIGTERM);
      fs::remove(f.pid, ec);
      rc = 1;
      continue;
    }
    err << name << ": " << ready.value("server", "") << " (pid " << pid << ")\n";
    out << "export " << env_name(name) << "=" << f.kubeconfig.string() << "\n";
  }
  return rc;
}

std::vector<std::string> known_clusters(const ControlArgs& a, const fs::path& dir) {
  if (a.clusters_given) return a.clusters;
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".pid") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

int status(const ControlArgs& a, const fs::path& dir, std::ostream& out) {
  std::vector<std::string> names = known_clusters(a, dir);
  if (names.empty()) {
    out << "no sandboxes in " << dir.string() << "\n";
    return 1;
  }
  int rc = 0;
  for (const std::string& name : names) {
    ClusterFiles f = files_for(dir, name);
    pid_t pid = read_pid(f.pid);
    if (pid && is_our_sandbox(pid)) {
      json ready = json::parse(read_text(f.ready), nullptr, false);
      std::string server = ready.is_object() ? ready.value("server", "") : "";
      out << name << "\trunning\tpid " << pid << "\t" << server << "\t" << f.kubeconfig.string()
          << "\n";
    } else {
      out << name << "\tstopped\n";
      rc = 1;
    }
  }
  return rc;
}

int down(const ControlArgs& a, const fs::path& dir, std::ostream& out, std::ostream& err) {
  std::vector<std::string> names = known_clusters(a, dir);
  int rc = 0;
  std::error_code ec;
  for (const std::string& name : names) {
    ClusterFiles f = files_for(dir, name);
    pid_t pid = read_pid(f.pid);
    if (pid && is_our_sandbox(pid)) {
      ::kill(pid, SIGTERM);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (!exited(pid) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (!exited(pid)) {
        ::kill(pid, SIGKILL);
        err << name << ": did not stop on SIGTERM, killed\n";
        deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!exited(pid) && std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      out << name << " stopped (pid " << pid << ")\n";
    } else {
      out << name << " was not running\n";
    }
    for (const fs::path& p : {f.pid, f.ready, f.kubeconfig}) fs::remove(p, ec);
    if (a.purge) {
      fs::remove(f.data, ec);
      fs::remove(f.log, ec);
    }
  }
  if (a.purge) fs::remove(dir, ec);  // only if now empty
  return rc;
}

}  // namespace

int run_sandbox_command(const std::vector<std::string>& args, std::ostream& out,
                        std::ostream& err) {
  if (std::any_of(args.begin(), args.end(), is_help)) {
    out << kUsage << kHelp;
    return 0;
  }
  ControlArgs a;
  if (!parse_args(args, &a, err)) return 2;
  std::error_code ec;
  fs::path dir = fs::absolute(a.dir, ec);
  if (a.verb == "up") return up(a, dir, out, err);
  if (a.verb == "status") return status(a, dir, out);
  return down(a, dir, out, err);
}

}  // namespace fedplan::sandbox
