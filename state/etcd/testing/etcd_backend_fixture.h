// Etcd backends for tests: several backend objects over one shared cluster and one key
// prefix, as separate runs would open them, and direct access to what they stored.
#pragma once

#include <memory>
#include <string>

#include "state/etcd/etcd_backend.h"
#include "state/etcd/testing/etcd_cluster.h"

namespace fedplan::testing {

// Backends on a prefix of their own in `cluster`, with `options` (prefix filled in).
struct EtcdBackendFixture {
  explicit EtcdBackendFixture(EtcdCluster& cluster, EtcdBackendOptions options = {});

  // A new backend object (a new "run") for `workspace`.
  std::unique_ptr<EtcdBackend> open(const std::string& workspace = "default") const;
  // Every key under the prefix, in order, with its value.
  std::vector<EtcdKv> keys() const;
  // Replaces the default workspace's state with `text` as one chunk and no journal (any bytes, even
  // damaged ones), as another program might have.
  void plant(const std::string& text) const;

  std::shared_ptr<EtcdClient> client;
  EtcdBackendOptions options;
};

// The object `NAME[i]` (kube_object.NAME[i]) with `value` and 200 bytes of padding, so a
// few hundred of them make a state of many chunks.
InstanceState padded_object(const std::string& name, int i, const std::string& value);

}  // namespace fedplan::testing
