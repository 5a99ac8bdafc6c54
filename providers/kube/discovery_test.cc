// Tests of the discovery cache: one fetch per apiVersion, one refresh on a miss, kind-only
// lookups across groups.
#include "providers/kube/discovery.h"

#include <doctest/doctest.h>

#include <thread>

#include "base/testing/fake_clock.h"
#include "providers/kube/testing/fake_cluster.h"

namespace fedplan::kube {
namespace {

using testing::FakeCluster;

struct DiscoveryFixture {
  std::shared_ptr<FakeCluster> cluster = std::make_shared<FakeCluster>();
  FakeClock clock;
  KubeClient client{ClusterAccess{"https://fake.test", {}, "t", "default", "test"}, cluster, clock,
                    8};
  Discovery discovery{client};
};

TEST_CASE("discovery caches each apiVersion after one fetch") {
  DiscoveryFixture f;
  DiscoveryLookup l = f.discovery.find("v1", "ConfigMap");
  REQUIRE(l.info);
  CHECK(l.info->resource == "configmaps");
  CHECK(l.info->namespaced);
  CHECK(l.info->path("ns", "x") == "/api/v1/namespaces/ns/configmaps/x");
  l = f.discovery.find("v1", "Namespace");
  REQUIRE(l.info);
  CHECK_FALSE(l.info->namespaced);
  CHECK(l.info->path("ignored", "x") == "/api/v1/namespaces/x");
  l = f.discovery.find("apps/v1", "Deployment");
  REQUIRE(l.info);
  CHECK(l.info->path("ns", "") == "/apis/apps/v1/namespaces/ns/deployments");
  CHECK(f.cluster->count("GET /api/v1") == 1);
  CHECK(f.cluster->count("GET /apis/apps/v1") == 1);
}

TEST_CASE("discovery refreshes once on a miss, and finds a kind that appeared since") {
  DiscoveryFixture f;
  REQUIRE(f.discovery.find("v1", "ConfigMap").info);
  DiscoveryLookup l = f.discovery.find("v1", "Widget");
  CHECK(l.missing);
  CHECK(l.error.empty());
  CHECK(f.cluster->count("GET /api/v1") == 2);  // the first fetch and one refresh
  l = f.discovery.find("example.com/v1", "Widget");
  CHECK(l.missing);
  CHECK(f.cluster->count("GET /apis/example.com/v1") == 1);  // fresh fetch: no second try
  f.cluster->serve({"example.com/v1", "Widget", "widgets", true});
  l = f.discovery.find("example.com/v1", "Widget");
  REQUIRE(l.info);
  CHECK(l.info->resource == "widgets");
  CHECK(f.cluster->count("GET /apis/example.com/v1") == 2);
}

TEST_CASE("concurrent misses share one refresh") {
  DiscoveryFixture f;
  REQUIRE(f.discovery.find("v1", "ConfigMap").info);
  f.cluster->clear_log();
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] { CHECK(f.discovery.find("v1", "Nope").missing); });
  for (auto& t : threads) t.join();
  CHECK(f.cluster->count("GET /api/v1") <= 8);
  CHECK(f.cluster->count("GET /api/v1") >= 1);
}

TEST_CASE("kind-only lookups search every group and prefer the core group") {
  DiscoveryFixture f;
  DiscoveryLookup l = f.discovery.find_kind("Deployment");
  REQUIRE(l.info);
  CHECK(l.info->api_version() == "apps/v1");
  f.cluster->serve({"events.k8s.io/v1", "ConfigMap", "configmaps", true});
  f.discovery.clear();
  l = f.discovery.find_kind("ConfigMap");
  REQUIRE(l.info);
  CHECK(l.info->api_version() == "v1");
  f.cluster->serve({"a.example/v1", "Thing", "things", true});
  f.cluster->serve({"b.example/v1", "Thing", "things", true});
  l = f.discovery.find_kind("Thing");
  CHECK_FALSE(l.info);
  CHECK(l.error.find("several API groups (a.example/v1, b.example/v1)") != std::string::npos);
  CHECK(f.discovery.find_kind("Nothing").missing);
}

TEST_CASE("a kind the core group serves is found without reading every other group") {
  DiscoveryFixture f;
  f.cluster->serve({"events.k8s.io/v1", "ConfigMap", "configmaps", true});
  DiscoveryLookup l = f.discovery.find_kind("ConfigMap");
  REQUIRE(l.info);
  CHECK(l.info->api_version() == "v1");
  CHECK(f.cluster->count("GET /api/v1") == 1);
  CHECK(f.cluster->count("GET /apis/") == 0);  // /apis itself, but no group's resources
}

TEST_CASE("discovery reports an unreachable cluster as such") {
  DiscoveryFixture f;
  f.cluster->down = true;
  DiscoveryLookup l = f.discovery.find("v1", "ConfigMap");
  CHECK_FALSE(l.info);
  CHECK(l.unreachable);
  CHECK(l.error.find("not reachable") != std::string::npos);
}

}  // namespace
}  // namespace fedplan::kube
