// EtcdClient against a real etcd (started by the test): ranges, compare-and-swap transactions,
// leases, username/password and client-certificate auth, and failover between members.
#include "state/etcd/etcd_client.h"

#include <doctest/doctest.h>

#include "state/etcd/testing/etcd_cluster.h"

namespace fedplan {
namespace {

std::unique_ptr<EtcdClient> client_for(const EtcdClientOptions& o) {
  static SystemClock clock;
  Diagnostics diags;
  auto c = EtcdClient::connect(o, &clock, diags);
  REQUIRE_MESSAGE(c, (diags.empty() ? "" : diags.items[0].summary));
  return c;
}

std::unique_ptr<EtcdClient> shared_client() {
  EtcdClientOptions o;
  o.endpoints = testing::shared_etcd_cluster().endpoints();
  return client_for(o);
}

TEST_CASE("a prefix's range end is the prefix with its last byte one higher") {
  CHECK(etcd_prefix_end("fedplan/") == "fedplan0");
  CHECK(etcd_prefix_end(std::string("a\xff", 2)) == "b");
  CHECK(etcd_prefix_end("") == std::string(1, '\0'));
}

TEST_CASE("a transaction puts only when its compare holds and reads in the same step") {
  auto c = shared_client();
  Diagnostics diags;
  std::string key = "client-test/cas";
  // Absent: create revision 0.
  auto t = c->txn({{EtcdCompare::Target::Create, key, 0, {}}},
                  {EtcdOp::put(key, std::string("v1\0\xff", 4))}, {EtcdOp::get(key)}, diags);
  REQUIRE(t);
  CHECK(t->succeeded);
  auto r = c->range({.key = key}, diags);
  REQUIRE(r);
  REQUIRE(r->kvs.size() == 1);
  CHECK(r->kvs[0].value == std::string("v1\0\xff", 4));  // bytes survive base64 both ways
  int64_t mod = r->kvs[0].mod_revision;
  CHECK(mod > 0);
  // A stale compare fails and the failure branch reads the current value.
  auto stale = c->txn({{EtcdCompare::Target::Mod, key, mod - 1, {}}}, {EtcdOp::put(key, "v2")},
                      {EtcdOp::get(key)}, diags);
  REQUIRE(stale);
  CHECK_FALSE(stale->succeeded);
  REQUIRE(stale->ranges.size() == 1);
  CHECK(stale->ranges[0].kvs.at(0).mod_revision == mod);
  auto fresh =
      c->txn({{EtcdCompare::Target::Mod, key, mod, {}}}, {EtcdOp::put(key, "v2")}, {}, diags);
  REQUIRE(fresh);
  CHECK(fresh->succeeded);
  CHECK(fresh->revision > mod);
  CHECK(diags.empty());
}

TEST_CASE("a prefix range lists keys in order and deletes take a range") {
  auto c = shared_client();
  Diagnostics diags;
  for (const char* k : {"client-test/list/b", "client-test/list/a", "client-test/list/c"})
    REQUIRE(c->txn({}, {EtcdOp::put(k, k)}, {}, diags));
  std::string p = "client-test/list/";
  auto r = c->range({.key = p, .range_end = etcd_prefix_end(p), .keys_only = true}, diags);
  REQUIRE(r);
  REQUIRE(r->kvs.size() == 3);
  CHECK(r->kvs[0].key == p + "a");
  CHECK(r->kvs[2].key == p + "c");
  CHECK(r->kvs[0].value.empty());
  REQUIRE(c->txn({}, {EtcdOp::del(p, etcd_prefix_end(p))}, {}, diags));
  CHECK(c->range({.key = p, .range_end = etcd_prefix_end(p)}, diags)->kvs.empty());
}

TEST_CASE("a key bound to a lease goes when the lease is revoked") {
  auto c = shared_client();
  Diagnostics diags;
  auto lease = c->lease_grant(30, diags);
  REQUIRE(lease);
  REQUIRE(c->txn({}, {EtcdOp::put("client-test/leased", "x", *lease)}, {}, diags));
  auto ttl = c->lease_time_to_live(*lease, diags);
  REQUIRE(ttl);
  CHECK(*ttl > 25);
  CHECK(c->lease_keepalive(*lease, diags) == 30);
  CHECK(c->range({.key = "client-test/leased"}, diags)->kvs.at(0).lease == *lease);
  REQUIRE(c->lease_revoke(*lease, diags));
  CHECK(c->range({.key = "client-test/leased"}, diags)->kvs.empty());
  CHECK(c->lease_keepalive(*lease, diags) == 0);
  CHECK(c->lease_time_to_live(*lease, diags) == -1);
  CHECK(diags.empty());
}

TEST_CASE("an etcd error comes back as a diagnostic with etcd's message") {
  auto c = shared_client();
  Diagnostics diags;
  // Two puts of one key in one transaction: etcd refuses it.
  CHECK_FALSE(c->txn({}, {EtcdOp::put("k", "1"), EtcdOp::put("k", "2")}, {}, diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary.find("duplicate key") != std::string::npos);
  CHECK(diags.items[0].detail.find("/v3/kv/txn") != std::string::npos);
}

TEST_CASE("an unreachable etcd is an error naming the endpoint") {
  EtcdClientOptions o;
  o.endpoints = {"http://127.0.0.1:1"};
  o.request_timeout = std::chrono::milliseconds(500);
  SystemClock clock;
  Diagnostics diags;
  auto c = EtcdClient::connect(o, &clock, diags);
  REQUIRE(c);
  CHECK_FALSE(c->range({.key = "x"}, diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary.find("Cannot reach etcd at http://127.0.0.1:1") !=
        std::string::npos);
}

TEST_CASE("username and password get a token that every call carries") {
  testing::EtcdCluster etcd;
  etcd.etcdctl({"user", "add", "root:rootpw"});
  etcd.etcdctl({"user", "add", "fed:fedpw"});
  etcd.etcdctl({"role", "add", "fedrole"});
  etcd.etcdctl({"role", "grant-permission", "fedrole", "--prefix=true", "readwrite", "fedplan/"});
  etcd.etcdctl({"user", "grant-role", "fed", "fedrole"});
  etcd.etcdctl({"auth", "enable"});
  EtcdClientOptions o;
  o.endpoints = etcd.endpoints();
  o.username = "fed";
  o.password = "fedpw";
  auto c = client_for(o);
  Diagnostics diags;
  CHECK(c->txn({}, {EtcdOp::put("fedplan/x", "1")}, {}, diags));
  CHECK(c->range({.key = "fedplan/x"}, diags)->kvs.size() == 1);
  CHECK(diags.empty());
  // A restart forgets every token (etcd's simple tokens live in memory): the next call gets
  // 401, fetches a new token and goes through.
  etcd.kill_member(0);
  etcd.restart_members({0});
  CHECK(c->range({.key = "fedplan/x"}, diags));
  CHECK(diags.empty());
  // Outside its role's prefix the user is refused, and etcd says why.
  CHECK_FALSE(c->range({.key = "other"}, diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary.find("permission denied") != std::string::npos);
  o.password = "wrong";
  auto bad = client_for(o);
  Diagnostics refused;
  CHECK_FALSE(bad->range({.key = "fedplan/x"}, refused));
  REQUIRE(refused.has_errors());
  CHECK(refused.items[0].summary.find("refused the username and password") != std::string::npos);
  // Without credentials nothing is readable once auth is on.
  o.username.clear();
  Diagnostics anonymous;
  CHECK_FALSE(client_for(o)->range({.key = "fedplan/x"}, anonymous));
  CHECK(anonymous.has_errors());
}

TEST_CASE("https with a CA and a client certificate, and a wrong CA refused") {
  testing::EtcdCluster etcd({.members = 1, .tls = true, .client_cert_auth = true});
  EtcdClientOptions o;
  o.endpoints = etcd.endpoints();
  o.tls.ca_file = etcd.ca_path();
  o.tls.client_cert_file = etcd.client_cert_path();
  o.tls.client_key_file = etcd.client_key_path();
  Diagnostics diags;
  CHECK(client_for(o)->txn({}, {EtcdOp::put("tls", "1")}, {}, diags));
  CHECK(diags.empty());
  // Without the client certificate the server refuses the handshake.
  EtcdClientOptions anonymous = o;
  anonymous.tls.client_cert_file.clear();
  anonymous.tls.client_key_file.clear();
  Diagnostics no_cert;
  CHECK_FALSE(client_for(anonymous)->range({.key = "tls"}, no_cert));
  CHECK(no_cert.has_errors());
  // A CA that did not sign the server's certificate: not trusted, and said so.
  testing::TestCert other = testing::make_test_ca("another CA");
  EtcdClientOptions wrong = o;
  wrong.tls.ca_file.clear();
  wrong.tls.ca_pem = other.cert_pem;
  Diagnostics untrusted;
  CHECK_FALSE(client_for(wrong)->range({.key = "tls"}, untrusted));
  REQUIRE(untrusted.has_errors());
  CHECK(untrusted.items[0].summary.find("certificate") != std::string::npos);
}

TEST_CASE("a three-member cluster keeps answering when the member in use dies") {
  testing::EtcdCluster etcd({.members = 3});
  EtcdClientOptions o;
  o.endpoints = etcd.endpoints();
  auto c = client_for(o);
  Diagnostics diags;
  REQUIRE(c->txn({}, {EtcdOp::put("k", "before")}, {}, diags));
  etcd.kill_member(0);
  REQUIRE(c->txn({}, {EtcdOp::put("k", "after")}, {}, diags));
  auto r = c->range({.key = "k"}, diags);
  REQUIRE(r);
  CHECK(r->kvs.at(0).value == "after");
  CHECK(diags.empty());
}

}  // namespace
}  // namespace fedplan
