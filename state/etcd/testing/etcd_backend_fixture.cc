// EtcdBackendFixture: a client on the cluster and a fresh prefix; planting writes keys in the
// backend's layout directly.
#include "state/etcd/testing/etcd_backend_fixture.h"

#include <stdexcept>

#include "base/digest.h"

namespace fedplan::testing {

EtcdBackendFixture::EtcdBackendFixture(EtcdCluster& cluster, EtcdBackendOptions o)
    : options(std::move(o)) {
  options.prefix = unique_etcd_prefix();
  EtcdClientOptions c;
  c.endpoints = cluster.endpoints();
  c.request_timeout = std::chrono::milliseconds(5'000);
  Diagnostics diags;
  client = EtcdClient::connect(c, nullptr, diags);
  if (!client) throw std::runtime_error("cannot make an etcd client");
}

std::unique_ptr<EtcdBackend> EtcdBackendFixture::open(const std::string& workspace) const {
  EtcdBackendOptions o = options;
  o.workspace = workspace;
  return std::make_unique<EtcdBackend>(client, o);
}

std::vector<EtcdKv> EtcdBackendFixture::keys() const {
  Diagnostics diags;
  auto r =
      client->range({.key = options.prefix, .range_end = etcd_prefix_end(options.prefix)}, diags);
  if (!r) throw std::runtime_error("cannot list " + options.prefix);
  return r->kvs;
}

void EtcdBackendFixture::plant(const std::string& text) const {
  std::string ws = options.prefix + "default/";
  ChunkManifest m;
  m.write_id = "planted";
  m.chunks.push_back({"planted", sha256_hex(text), text.size()});
  Diagnostics diags;
  auto t = client->txn({},
                       {EtcdOp::del(ws + "chunks/", etcd_prefix_end(ws + "chunks/")),
                        EtcdOp::del(ws + "journal/", etcd_prefix_end(ws + "journal/"))},
                       {}, diags);
  auto u = client->txn(
      {}, {EtcdOp::put(ws + "chunks/planted", text), EtcdOp::put(ws + "state", encode_manifest(m))},
      {}, diags);
  if (!t || !u) throw std::runtime_error("cannot plant a state");
}

InstanceState padded_object(const std::string& name, int i, const std::string& value) {
  std::string err;
  InstanceState s;
  s.addr = *parse_instance("kube_object." + name + "[" + std::to_string(i) + "]", &err);
  s.provider = *parse_provider("kube.mesh1", &err);
  s.attributes = {{"value", value}, {"padding", std::string(200, 'x')}};
  return s;
}

}  // namespace fedplan::testing
