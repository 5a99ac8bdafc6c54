// EtcdCluster: real etcd servers (Debian's etcd-server) for tests, started on 127.0.0.1 with
// free ports and a temporary data directory, stopped by their PIDs.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/http/testing/test_certs.h"

namespace fedplan::testing {

// How the members serve clients.
struct EtcdClusterOptions {
  int members = 1;
  bool tls = false;               // https with a CA made here; see ca(), client_cert()
  bool client_cert_auth = false;  // with tls: clients must show a certificate the CA signed
  // Data under $TMPDIR (a disk, fsync and all) instead of /dev/shm: for benchmarks.
  bool on_disk = false;
};

// One etcd cluster. The constructor waits until every member answers; the destructor
// SIGKILLs what is still running and removes the data. Throws std::runtime_error when etcd
// is missing or does not start.
class EtcdCluster {
 public:
  explicit EtcdCluster(EtcdClusterOptions options = {});
  ~EtcdCluster();
  EtcdCluster(const EtcdCluster&) = delete;
  EtcdCluster& operator=(const EtcdCluster&) = delete;

  // Whether the etcd binary is installed (tests skip without it).
  static bool available();

  // Client URLs, one per member ("http://127.0.0.1:PORT").
  std::vector<std::string> endpoints() const;
  // SIGKILLs member `i` and reaps it.
  void kill_member(int i);
  // Starts killed members again on their data and waits until they answer (together: one
  // member of a cluster that lost its quorum cannot answer alone).
  void restart_members(const std::vector<int>& members);
  pid_t pid(int i) const { return members_[i].pid; }
  // Where the members keep their files (certificates are written here too).
  const std::string& dir() const { return dir_; }

  // With tls: the CA (also at dir()/ca.pem) and a client certificate it signed (also at
  // dir()/client.pem and dir()/client-key.pem).
  const TestCert& ca() const { return ca_; }
  const TestCert& client_cert() const { return client_; }
  std::string ca_path() const { return dir_ + "/ca.pem"; }
  std::string client_cert_path() const { return dir_ + "/client.pem"; }
  std::string client_key_path() const { return dir_ + "/client-key.pem"; }
  // Runs etcdctl against member 0 with `args` (as root), for test setup such as users.
  std::string etcdctl(const std::vector<std::string>& args) const;

 private:
  struct Member {
    pid_t pid = -1;
    int client_port = 0;
    int peer_port = 0;
  };
  void start(int i);
  void wait_ready(int i);

  EtcdClusterOptions options_;
  std::string dir_;
  std::string initial_cluster_;  // --initial-cluster: every member's name and peer URL
  std::vector<Member> members_;
  TestCert ca_;
  TestCert client_;
};

// The one-member cluster the cases of a test binary share, started on first use. Exits with
// 77 (a skip) when etcd is not installed.
EtcdCluster& shared_etcd_cluster();
// A key prefix no other case of any run uses: "test-RANDOM/".
std::string unique_etcd_prefix();

}  // namespace fedplan::testing
