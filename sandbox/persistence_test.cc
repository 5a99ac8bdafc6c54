// Tests for the data file: objects, CRDs, resourceVersions and identity survive a restart.
#include "sandbox/persistence.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {
std::string temp_path(const char* tag) {
  return "/tmp/fedplan-sandbox-test-" + std::string(tag) + "-" + std::to_string(::getpid()) +
         ".json";
}
}  // namespace

TEST_CASE("objects, CRDs and identity survive saving and loading") {
  std::string path = temp_path("persist");
  Identity id;
  std::string err;
  REQUIRE_MESSAGE(make_identity("p", &id, &err), err);
  std::string cm_rv;
  {
    Harness h(true, "p");
    REQUIRE(h.post("/api/v1/namespaces/default/configmaps", {{"apiVersion", "v1"},
                                                             {"kind", "ConfigMap"},
                                                             {"metadata", {{"name", "kept"}}},
                                                             {"data", {{"a", "b"}}}})
                .status == 201);
    REQUIRE(h.post("/api/v1/namespaces",
                   {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "ms"}}}})
                .status == 201);
    REQUIRE(
        h.apply("/apis/maistra.io/v2/namespaces/ms/servicemeshcontrolplanes/cp",
                "apiVersion: maistra.io/v2\nkind: ServiceMeshControlPlane\nmetadata:\n  name: cp\n",
                "fedplan")
            .status == 201);
    cm_rv = h.get("/api/v1/namespaces/default/configmaps/kept").body["metadata"]["resourceVersion"];
    REQUIRE_MESSAGE(save_data_file(path, h.cluster, id, &err), err);
  }
  fedplan::FakeClock clock;
  Cluster restored(Harness::make_options("p", 9), clock);
  Identity id2;
  bool found = false;
  REQUIRE_MESSAGE(load_data_file(path, restored, &id2, &found, &err), err);
  CHECK(found);
  CHECK(id2.token == id.token);
  CHECK(id2.ca.cert_pem == id.ca.cert_pem);
  Api api(restored, id2.token, "127.0.0.1:1");
  ApiRequest req;
  req.target = "/api/v1/namespaces/default/configmaps/kept";
  req.authorization = "Bearer " + id2.token;
  ApiResponse r = api.handle(req);
  REQUIRE(r.status == 200);
  json kept = json::parse(r.body);
  CHECK(kept["data"]["a"] == "b");
  CHECK(kept["metadata"]["resourceVersion"] == cm_rv);
  req.target = "/apis/maistra.io/v2/namespaces/ms/servicemeshcontrolplanes/cp";
  CHECK(api.handle(req).status == 200);
  CHECK(restored.store().resource_version() >= std::stoull(cm_rv));
  std::remove(path.c_str());

  bool missing_found = true;
  Cluster empty(Harness::make_options("q", 9), clock);
  CHECK(load_data_file(temp_path("absent"), empty, &id2, &missing_found, &err));
  CHECK_FALSE(missing_found);
  std::ofstream(path) << "{broken";
  CHECK_FALSE(load_data_file(path, empty, &id2, &found, &err));
  std::remove(path.c_str());
}
