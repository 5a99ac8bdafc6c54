// EtcdCluster: free ports from the kernel, posix_spawn of `etcd`, readiness by a range call
// through the same client the backend uses.
#include "state/etcd/testing/etcd_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "base/clock.h"
#include "base/files.h"
#include "base/http/beast_transport.h"
#include "base/process.h"
#include "state/etcd/chunks.h"

namespace fedplan::testing {

namespace {

// Ports the kernel calls free now; held open together so no two are the same.
std::vector<int> free_ports(int n) {
  std::vector<int> fds, ports;
  for (int i = 0; i < n; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("cannot find a free port");
    fds.push_back(fd);
    ports.push_back(ntohs(a.sin_port));
  }
  for (int fd : fds) close(fd);
  return ports;
}

void write_or_throw(const std::string& path, const std::string& text) {
  std::string err;
  if (!write_file_atomic(path, text, WriteFileOptions{}, &err)) throw std::runtime_error(err);
}

}  // namespace

bool EtcdCluster::available() {
  return access("/usr/bin/etcd", X_OK) == 0;
}

EtcdCluster::EtcdCluster(EtcdClusterOptions options) : options_(options) {
  // tmpfs when there is one: etcd fsyncs every write, which a test does not need to wait for.
  const char* tmp = getenv("TMPDIR");
  std::string tmpl = !options_.on_disk && access("/dev/shm", W_OK) == 0 ? "/dev/shm"
                     : tmp && *tmp                                      ? tmp
                                                                        : "/tmp";
  tmpl += "/fedplan-etcd-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  if (options_.tls) {
    ca_ = make_test_ca("fedplan test etcd CA");
    // clientAuth too: etcd's JSON gateway calls its own gRPC port with this certificate.
    LeafSpec spec;
    spec.client = true;
    TestCert server = make_test_leaf(ca_, spec);
    client_ = make_test_client_cert(ca_, "fedplan");
    write_or_throw(ca_path(), ca_.cert_pem);
    write_or_throw(dir_ + "/server.pem", server.cert_pem);
    write_or_throw(dir_ + "/server-key.pem", server.key_pem);
    write_or_throw(client_cert_path(), client_.cert_pem);
    write_or_throw(client_key_path(), client_.key_pem);
  }
  std::vector<int> ports = free_ports(2 * options_.members);
  for (int i = 0; i < options_.members; ++i) {
    Member m;
    m.client_port = ports[2 * i];
    m.peer_port = ports[2 * i + 1];
    members_.push_back(m);
    initial_cluster_ += (i ? "," : "") + std::string("m") + std::to_string(i) +
                        "=http://127.0.0.1:" + std::to_string(m.peer_port);
  }
  try {
    for (int i = 0; i < options_.members; ++i) start(i);
    for (int i = 0; i < options_.members; ++i) wait_ready(i);
  } catch (...) {
    for (int i = 0; i < options_.members; ++i) kill_member(i);
    std::filesystem::remove_all(dir_);
    throw;
  }
}

EtcdCluster::~EtcdCluster() {
  for (size_t i = 0; i < members_.size(); ++i) kill_member(static_cast<int>(i));
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::vector<std::string> EtcdCluster::endpoints() const {
  std::vector<std::string> out;
  for (const Member& m : members_)
    out.push_back(std::string(options_.tls ? "https" : "http") +
                  "://127.0.0.1:" + std::to_string(m.client_port));
  return out;
}

void EtcdCluster::restart_members(const std::vector<int>& members) {
  for (int i : members)
    if (members_.at(i).pid <= 0) start(i);
  for (int i : members) wait_ready(i);
}

void EtcdCluster::start(int i) {
  Member& m = members_[i];
  std::string name = "m" + std::to_string(i);
  std::string client_url = endpoints()[i];
  std::string peer_url = "http://127.0.0.1:" + std::to_string(m.peer_port);
  std::vector<std::string> args = {
      "/usr/bin/etcd", "--name", name, "--data-dir", dir_ + "/" + name, "--listen-client-urls",
      client_url, "--advertise-client-urls", client_url, "--listen-peer-urls", peer_url,
      "--initial-advertise-peer-urls", peer_url, "--initial-cluster", initial_cluster_,
      "--initial-cluster-state", "new", "--initial-cluster-token", dir_,
      // Quick elections: a killed leader is replaced within about a second.
      "--heartbeat-interval", "50", "--election-timeout", "500", "--logger", "zap", "--log-level",
      "warn"};
  if (options_.tls) {
    args.insert(args.end(), {"--cert-file", dir_ + "/server.pem", "--key-file",
                             dir_ + "/server-key.pem", "--trusted-ca-file", ca_path()});
    if (options_.client_cert_auth) args.push_back("--client-cert-auth");
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string log = dir_ + "/" + name + ".log";
  pid_t parent = getpid();
  m.pid = fork();
  if (m.pid < 0) throw std::runtime_error("cannot start /usr/bin/etcd: fork failed");
  if (m.pid == 0) {
    // Async-signal-safe calls only. The member dies with the test process, even a crashed
    // one, so no etcd outlives its test.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int in = open("/dev/null", O_RDONLY);
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (in < 0 || out < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
}

void EtcdCluster::wait_ready(int i) {
  TlsConfig tls;
  if (options_.tls) {
    tls.ca_pem = ca_.cert_pem;
    tls.client_cert_pem = client_.cert_pem;
    tls.client_key_pem = client_.key_pem;
  }
  BeastTransportOptions bo;
  bo.request_timeout = std::chrono::milliseconds(2'000);
  std::string err;
  std::unique_ptr<HttpTransport> http = make_beast_transport(tls, bo, &err);
  if (!http) throw std::runtime_error(err);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string log = dir_ + "/m" + std::to_string(i) + ".log";
  HttpRequest health;
  health.url = endpoints()[i] + "/health";  // "true" once the member has a leader
  while (true) {
    int status = 0;
    if (waitpid(members_[i].pid, &status, WNOHANG) == members_[i].pid) {
      members_[i].pid = -1;
      std::string text;
      read_file(log, &text, nullptr);
      throw std::runtime_error("etcd exited: " + text);
    }
    HttpResponse r = http->send(health);
    if (r.ok() && r.body.find("\"health\":\"true\"") != std::string::npos) return;
    if (std::chrono::steady_clock::now() > deadline) {
      std::string text;
      read_file(log, &text, nullptr);
      throw std::runtime_error("etcd did not become ready within 30 s: " + r.error_message +
                               r.body + "\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void EtcdCluster::kill_member(int i) {
  Member& m = members_.at(i);
  if (m.pid <= 0) return;
  kill(m.pid, SIGKILL);
  waitpid(m.pid, nullptr, 0);
  m.pid = -1;
}

std::string EtcdCluster::etcdctl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"/usr/bin/etcdctl", "--endpoints", endpoints()[0]};
  if (options_.tls) {
    argv.insert(argv.end(),
                {"--cacert", ca_path(), "--cert", client_cert_path(), "--key", client_key_path()});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessRunner runner;
  ProcessResult r = runner.run(argv, {}, std::chrono::seconds(20), {{"ETCDCTL_API", "3"}});
  if (!r.ok()) throw std::runtime_error("etcdctl failed: " + r.err + r.error);
  return r.out;
}

EtcdCluster& shared_etcd_cluster() {
  if (!EtcdCluster::available()) {
    std::fprintf(stderr, "etcd is not installed (scripts/deps.sh installs etcd-server)\n");
    std::exit(77);
  }
  static EtcdCluster cluster;
  return cluster;
}

std::string unique_etcd_prefix() {
  return "test-" + new_chunk_id() + "/";
}

}  // namespace fedplan::testing
