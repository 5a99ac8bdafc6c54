// A process that takes an etcd state lock and holds it until it is killed, so a test can
// SIGKILL a holder and watch its lock expire: lock_holder ENDPOINT PREFIX TTL_SECONDS.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "state/etcd/etcd_backend.h"

int main(int argc, char** argv) {
  using namespace fedplan;
  if (argc != 4) {
    std::fprintf(stderr, "usage: lock_holder ENDPOINT PREFIX TTL_SECONDS\n");
    return 2;
  }
  EtcdClientOptions c;
  c.endpoints = {argv[1]};
  Diagnostics diags;
  std::shared_ptr<EtcdClient> client = EtcdClient::connect(c, nullptr, diags);
  EtcdBackendOptions o;
  o.prefix = argv[2];
  o.lock_ttl = std::chrono::seconds(std::atoi(argv[3]));
  EtcdBackend backend(client, o);
  SystemClock clock;
  LockInfo info = new_lock_info("apply", clock);
  if (!backend.lock(info, std::chrono::milliseconds(0), diags).acquired) {
    std::fprintf(stderr, "%s\n", diags.items.empty() ? "?" : diags.items[0].summary.c_str());
    return 1;
  }
  std::printf("locked %s\n", info.id.c_str());
  std::fflush(stdout);
  while (true) pause();
}
