// fedplan-sandbox: runs one sandbox Kubernetes API server on loopback until SIGINT/SIGTERM.
// Prints one "ready ..." line on stdout once it serves; see docs/sandbox.md.
#include <iostream>
#include <string>
#include <vector>

#include "sandbox/sandbox.h"

namespace {

const char* const kUsage = R"(usage: fedplan-sandbox [options]

A small Kubernetes API server on loopback (HTTPS, bearer token) for tests, demos and previews.

  --name NAME                  cluster name, used in the kubeconfig and node names (sandbox)
  --host ADDR                  loopback address to listen on (127.0.0.1)
  --port N                     port; 0 picks a free one (0)
  --kubeconfig-out FILE        write a kubeconfig for this sandbox to FILE
  --data FILE                  keep objects (and the CA and token) in FILE across restarts
  --ready-file FILE            write {pid, port, server, kubeconfig} as JSON once serving
  --bare                       start without OLM and the OpenShift Service Mesh operator play
  --no-operators               OLM only: the Service Mesh, Kiali and Jaeger operators come
                               when a Subscription installs them
  --olm-install-delay-ms N     a subscribed operator's CSV is Installing for N ms (2000)
  --nodes N                    number of nodes (1)
  --no-load-balancer           LoadBalancer Services stay pending (no cloud provider)
  --token TOKEN                bearer token (default: random, or the one in --data)
  --smcp-ready-delay-ms N      ServiceMeshControlPlanes become Ready after N ms (2000)
  --namespace-delete-delay-ms N  deleted namespaces stay Terminating for N ms (500)
  --latency-ms N               delay every API answer by N ms (0)
  --fault VERB:CODE:RATE[:RETRY_AFTER]
                               inject failures: CODE is 409, 429, 500, 502, 503, 504
                               or drop; RATE in [0,1]; VERB is get, list, watch,
                               create, update, patch, delete, deletecollection or *
                               (repeatable)
  --seed N                     seed for allocations and fault decisions (random)
  --verbose                    log every request to stderr
  --help                       show this help
)";

bool parse_uint(const std::string& s, uint64_t* out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return false;
  try {
    *out = std::stoull(s);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using fedplan::sandbox::SandboxOptions;
  SandboxOptions o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    std::string value;
    bool has_value = false;
    if (size_t eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_value = true;
    }
    auto need = [&](std::string* out) {
      if (has_value) {
        *out = value;
        return true;
      }
      if (i + 1 >= args.size()) {
        std::cerr << "fedplan-sandbox: " << a << " needs a value\n";
        return false;
      }
      *out = args[++i];
      return true;
    };
    auto need_uint = [&](uint64_t* out, uint64_t max) {
      std::string v;
      if (!need(&v)) return false;
      if (!parse_uint(v, out) || *out > max) {
        std::cerr << "fedplan-sandbox: " << a << ": not a number in range: " << v << "\n";
        return false;
      }
      return true;
    };
    uint64_t n = 0;
    std::string v;
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--name") {
      if (!need(&o.name)) return 2;
    } else if (a == "--host") {
      if (!need(&o.host)) return 2;
    } else if (a == "--port") {
      if (!need_uint(&n, 65535)) return 2;
      o.port = static_cast<uint16_t>(n);
    } else if (a == "--kubeconfig-out") {
      if (!need(&o.kubeconfig_out)) return 2;
    } else if (a == "--data") {
      if (!need(&o.data_file)) return 2;
    } else if (a == "--ready-file") {
      if (!need(&o.ready_file)) return 2;
    } else if (a == "--bare") {
      o.bare = true;
    } else if (a == "--no-operators") {
      o.operators = false;
    } else if (a == "--olm-install-delay-ms") {
      if (!need_uint(&n, 86'400'000)) return 2;
      o.olm_install_delay = std::chrono::milliseconds(n);
    } else if (a == "--nodes") {
      if (!need_uint(&n, 100)) return 2;
      o.nodes = static_cast<int>(n);
    } else if (a == "--no-load-balancer") {
      o.load_balancers = false;
    } else if (a == "--token") {
      if (!need(&o.token)) return 2;
    } else if (a == "--smcp-ready-delay-ms") {
      if (!need_uint(&n, 86'400'000)) return 2;
      o.smcp_ready_delay = std::chrono::milliseconds(n);
    } else if (a == "--namespace-delete-delay-ms") {
      if (!need_uint(&n, 86'400'000)) return 2;
      o.namespace_delete_delay = std::chrono::milliseconds(n);
    } else if (a == "--latency-ms") {
      if (!need_uint(&n, 600'000)) return 2;
      o.faults.latency = std::chrono::milliseconds(n);
    } else if (a == "--fault") {
      if (!need(&v)) return 2;
      fedplan::sandbox::FaultRule rule;
      std::string err;
      if (!fedplan::sandbox::parse_fault_rule(v, &rule, &err)) {
        std::cerr << "fedplan-sandbox: " << err << "\n";
        return 2;
      }
      o.faults.rules.push_back(rule);
    } else if (a == "--seed") {
      if (!need_uint(&n, UINT64_MAX)) return 2;
      o.seed = n;
    } else if (a == "--verbose") {
      o.log = [](const std::string& line) { std::cerr << line << std::endl; };
    } else {
      std::cerr << "fedplan-sandbox: unknown argument " << args[i] << "\n" << kUsage;
      return 2;
    }
  }
  fedplan::sandbox::Sandbox sandbox(o);
  std::string err;
  if (!sandbox.start(&err)) {
    std::cerr << "fedplan-sandbox: " << err << "\n";
    return 1;
  }
  std::cout << "ready name=" << o.name << " port=" << sandbox.port()
            << " server=" << sandbox.server_url()
            << (o.kubeconfig_out.empty() ? "" : " kubeconfig=" + o.kubeconfig_out) << std::endl;
  sandbox.run(true);
  return 0;
}
