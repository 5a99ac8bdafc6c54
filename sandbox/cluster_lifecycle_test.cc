// Tests for object lifecycles: namespace finalization, finalizers, deletion propagation to
// dependents, CRD registration and discovery, and Service port and address allocation.
#include <doctest/doctest.h>

#include <set>

#include "sandbox/services.h"
#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {
json ns(const std::string& name) {
  return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
}
json meta_cm(const std::string& name, json meta_extra = json::object()) {
  json o = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}};
  o["metadata"].update(meta_extra);
  return o;
}
json service(const std::string& name, const std::string& type, json ports) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", name}}},
          {"spec", {{"type", type}, {"ports", ports}}}};
}
const char* kSvcs = "/api/v1/namespaces/default/services";
}  // namespace

TEST_CASE("a deleted namespace is Terminating, loses its objects, then goes") {
  Harness h;
  REQUIRE(h.post("/api/v1/namespaces", ns("team")).status == 201);
  REQUIRE(h.post("/api/v1/namespaces/team/configmaps", meta_cm("a")).status == 201);
  REQUIRE(h.post("/api/v1/namespaces/team/configmaps", meta_cm("b")).status == 201);
  Reply del = h.call("DELETE", "/api/v1/namespaces/team");
  REQUIRE(del.status == 200);
  CHECK(del.body["status"]["phase"] == "Terminating");
  CHECK(del.body["metadata"].contains("deletionTimestamp"));
  CHECK(h.get("/api/v1/namespaces/team").body["status"]["phase"] == "Terminating");
  Reply refused = h.post("/api/v1/namespaces/team/configmaps", meta_cm("c"));
  CHECK(refused.status == 403);
  CHECK(refused.body["reason"] == "Forbidden");
  CHECK(h.get("/api/v1/namespaces/team/configmaps").body["items"].size() == 2);

  h.advance(std::chrono::milliseconds(1500));
  CHECK(h.get("/api/v1/namespaces/team/configmaps/a").status == 404);
  CHECK(h.get("/api/v1/namespaces/team").status == 404);
  CHECK(h.call("DELETE", "/api/v1/namespaces/default").status == 403);
}

TEST_CASE("a namespace waits for objects with finalizers, which wait for their finalizers") {
  Harness h;
  h.post("/api/v1/namespaces", ns("team"));
  h.post("/api/v1/namespaces/team/configmaps",
         meta_cm("held", {{"finalizers", {"example.com/hold"}}}));
  h.call("DELETE", "/api/v1/namespaces/team");
  h.advance(std::chrono::milliseconds(1500));
  Reply held = h.get("/api/v1/namespaces/team/configmaps/held");
  REQUIRE(held.status == 200);
  CHECK(held.body["metadata"].contains("deletionTimestamp"));
  CHECK(h.get("/api/v1/namespaces/team").status == 200);

  Reply released = h.call("PATCH", "/api/v1/namespaces/team/configmaps/held",
                          R"({"metadata":{"finalizers":null}})", "application/merge-patch+json");
  CHECK(released.status == 200);
  CHECK(h.get("/api/v1/namespaces/team/configmaps/held").status == 404);
  h.advance(std::chrono::milliseconds(200));
  CHECK(h.get("/api/v1/namespaces/team").status == 404);
}

TEST_CASE("deleting an owner removes its dependents unless orphaned") {
  Harness h;
  Reply owner = h.post("/api/v1/namespaces/default/configmaps", meta_cm("owner"));
  json ref = {{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"name", "owner"},
              {"uid", owner.body["metadata"]["uid"]}};
  h.post("/api/v1/namespaces/default/configmaps", meta_cm("child", {{"ownerReferences", {ref}}}));

  SUBCASE("background") {
    Reply del = h.call("DELETE", "/api/v1/namespaces/default/configmaps/owner");
    CHECK(del.body["kind"] == "Status");
    CHECK(del.body["status"] == "Success");
    CHECK(h.get("/api/v1/namespaces/default/configmaps/child").status == 404);
  }
  SUBCASE("orphan") {
    h.call("DELETE", "/api/v1/namespaces/default/configmaps/owner",
           R"({"propagationPolicy":"Orphan"})");
    Reply child = h.get("/api/v1/namespaces/default/configmaps/child");
    REQUIRE(child.status == 200);
    CHECK_FALSE(child.body["metadata"].contains("ownerReferences"));
  }
  SUBCASE("foreground waits for the dependents") {
    Reply del = h.call("DELETE",
                       "/api/v1/namespaces/default/configmaps/owner?propagationPolicy=Foreground");
    CHECK(del.status == 200);
    CHECK(h.get("/api/v1/namespaces/default/configmaps/child").status == 404);
    CHECK(h.get("/api/v1/namespaces/default/configmaps/owner").status == 404);
  }
  CHECK(h.call("DELETE", "/api/v1/namespaces/default/configmaps/x?propagationPolicy=Sometimes")
            .status == 400);
}

TEST_CASE("plain writes start no garbage-collection pass, owners and deletes do") {
  Harness h;
  uint64_t passes = h.cluster.gc_passes();
  for (int i = 0; i < 20; ++i)
    REQUIRE(
        h.post("/api/v1/namespaces/default/configmaps", meta_cm("c" + std::to_string(i))).status ==
        201);
  REQUIRE(h.apply("/api/v1/namespaces/default/configmaps/c0",
                  R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c0"},
                      "data":{"a":"1"}})",
                  "fedplan")
              .status == 200);
  Reply owner = h.post("/api/v1/namespaces/default/configmaps", meta_cm("owner"));
  CHECK(h.cluster.gc_passes() == passes);

  json ref = {{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"name", "owner"},
              {"uid", owner.body["metadata"]["uid"]}};
  h.post("/api/v1/namespaces/default/configmaps", meta_cm("child", {{"ownerReferences", {ref}}}));
  CHECK(h.cluster.gc_passes() == passes + 1);
  REQUIRE(h.get("/api/v1/namespaces/default/configmaps/child").status == 200);
  // A dependent whose owner never existed goes at once, as in Kubernetes.
  json ghost = ref;
  ghost["uid"] = "no-such-uid";
  h.post("/api/v1/namespaces/default/configmaps", meta_cm("stray", {{"ownerReferences", {ghost}}}));
  CHECK(h.get("/api/v1/namespaces/default/configmaps/stray").status == 404);
  h.call("DELETE", "/api/v1/namespaces/default/configmaps/owner");
  CHECK(h.get("/api/v1/namespaces/default/configmaps/child").status == 404);
  CHECK(h.cluster.gc_passes() > passes + 2);
}

TEST_CASE("a CRD registers its kind in discovery, serves instances, and takes them when deleted") {
  Harness h;
  json crd = json::parse(R"({
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "gadgets.example.com"},
    "spec": {"group": "example.com", "scope": "Namespaced",
      "names": {"plural": "gadgets", "kind": "Gadget", "shortNames": ["gd"]},
      "versions": [
        {"name": "v1beta1", "served": true, "storage": false},
        {"name": "v1", "served": true, "storage": true,
         "additionalPrinterColumns": [{"name": "Size", "type": "integer", "jsonPath": ".spec.size"}]}]}})");
  Reply created = h.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
  REQUIRE(created.status == 201);
  CHECK(created.body["status"]["conditions"][1]["type"] == "Established");
  CHECK(created.body["status"]["storedVersions"] == json::array({"v1"}));

  Reply group = h.get("/apis/example.com");
  REQUIRE(group.status == 200);
  CHECK(group.body["preferredVersion"]["version"] == "v1");
  Reply resources = h.get("/apis/example.com/v1");
  REQUIRE(resources.status == 200);
  CHECK(resources.body["resources"][0]["name"] == "gadgets");
  CHECK(resources.body["resources"][0]["shortNames"] == json::array({"gd"}));
  CHECK(resources.body["resources"][0]["kind"] == "Gadget");

  json g = {{"apiVersion", "example.com/v1"},
            {"kind", "Gadget"},
            {"metadata", {{"name", "g1"}}},
            {"spec", {{"size", 3}}}};
  REQUIRE(h.post("/apis/example.com/v1/namespaces/default/gadgets", g).status == 201);
  Reply old_version = h.get("/apis/example.com/v1beta1/namespaces/default/gadgets/g1");
  REQUIRE(old_version.status == 200);
  CHECK(old_version.body["apiVersion"] == "example.com/v1beta1");
  Reply list = h.get("/apis/example.com/v1/gadgets");
  REQUIRE(list.body["items"].size() == 1);
  CHECK(list.body["items"][0]["kind"] == "Gadget");
  Reply table = h.call("GET", "/apis/example.com/v1/namespaces/default/gadgets", "", "",
                       "secret-token", "application/json;as=Table;v=v1;g=meta.k8s.io");
  CHECK(table.body["columnDefinitions"][1]["name"] == "Size");
  CHECK(table.body["rows"][0]["cells"][1] == 3);

  json bad = crd;
  bad["metadata"]["name"] = "wrong.example.com";
  CHECK(h.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", bad).status == 422);

  Reply del = h.call("DELETE",
                     "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com");
  CHECK(del.status == 200);
  CHECK(h.get("/apis/example.com/v1").status == 404);
  CHECK(h.get("/apis/example.com/v1/namespaces/default/gadgets/g1").status == 404);
}

TEST_CASE("node ports are allocated in 30000-32767, unique, kept across updates") {
  Harness h;
  std::set<int> seen;
  for (int i = 0; i < 20; ++i) {
    Reply r =
        h.post(kSvcs, service("np" + std::to_string(i), "NodePort",
                              {{{"name", "a"}, {"port", 80}}, {{"name", "b"}, {"port", 443}}}));
    REQUIRE(r.status == 201);
    for (const json& p : r.body["spec"]["ports"]) {
      int np = p["nodePort"];
      CHECK(np >= kNodePortMin);
      CHECK(np <= kNodePortMax);
      CHECK(seen.insert(np).second);
      CHECK(p["protocol"] == "TCP");
      CHECK(p["targetPort"] == p["port"]);
    }
    CHECK(r.body["spec"]["clusterIP"].get<std::string>().rfind("10.96.", 0) == 0);
  }
  Reply np0 = h.get(std::string(kSvcs) + "/np0");
  int before = np0.body["spec"]["ports"][0]["nodePort"];
  json relabel = np0.body;
  relabel["metadata"]["labels"] = {{"x", "y"}};
  relabel["spec"]["ports"][0].erase("nodePort");
  Reply after = h.put(std::string(kSvcs) + "/np0", relabel);
  REQUIRE(after.status == 200);
  CHECK(after.body["spec"]["ports"][0]["nodePort"] == before);

  Reply taken = h.post(kSvcs, service("clash", "NodePort", {{{"port", 80}, {"nodePort", before}}}));
  CHECK(taken.status == 422);
  CHECK(taken.body["message"].get<std::string>().find("provided port is already allocated") !=
        std::string::npos);
  Reply out_of_range =
      h.post(kSvcs, service("low", "NodePort", {{{"port", 80}, {"nodePort", 80}}}));
  CHECK(out_of_range.status == 422);
  Reply chosen =
      h.post(kSvcs, service("chosen", "NodePort", {{{"port", 80}, {"nodePort", 32000}}}));
  if (!seen.count(32000)) {
    REQUIRE(chosen.status == 201);
    CHECK(chosen.body["spec"]["ports"][0]["nodePort"] == 32000);
  }
  // Deleting a Service frees its ports.
  h.call("DELETE", std::string(kSvcs) + "/np0");
  Reply reuse = h.post(kSvcs, service("reuse", "NodePort", {{{"port", 80}, {"nodePort", before}}}));
  CHECK(reuse.status == 201);
}

TEST_CASE("LoadBalancer Services get a documentation address as status only") {
  Harness h;
  Reply a = h.post(kSvcs, service("lb1", "LoadBalancer", {{{"port", 443}}}));
  Reply b = h.post(kSvcs, service("lb2", "LoadBalancer", {{{"port", 443}}}));
  REQUIRE(a.status == 201);
  std::string ip1 = a.body["status"]["loadBalancer"]["ingress"][0]["ip"];
  std::string ip2 = b.body["status"]["loadBalancer"]["ingress"][0]["ip"];
  CHECK(ip1.rfind("192.0.2.", 0) == 0);
  CHECK(ip2.rfind("192.0.2.", 0) == 0);
  CHECK(ip1 != ip2);
  CHECK(a.body["spec"]["ports"][0].contains("nodePort"));
  Reply c = h.post(kSvcs, service("plain", "ClusterIP", {{{"port", 80}}}));
  CHECK(c.body["status"]["loadBalancer"] == json::object());
  CHECK_FALSE(c.body["spec"]["ports"][0].contains("nodePort"));
}

TEST_CASE("without load balancers a LoadBalancer Service stays pending, with its NodePorts") {
  ClusterOptions o = Harness::make_options("test", 7);
  o.load_balancers = false;
  Harness h(o);
  Reply a = h.post(kSvcs, service("lb1", "LoadBalancer", {{{"port", 443}}}));
  REQUIRE(a.status == 201);
  CHECK(a.body["status"]["loadBalancer"] == json::object());
  CHECK(a.body["spec"]["ports"][0].contains("nodePort"));
}

TEST_CASE("without load balancers the status a stand-in cloud provider writes is kept") {
  ClusterOptions o = Harness::make_options("test", 7);
  o.load_balancers = false;
  Harness h(o);
  Reply a = h.post(kSvcs, service("lb1", "LoadBalancer", {{{"port", 443}}}));
  REQUIRE(a.status == 201);
  // An AWS-style load balancer: a hostname, no ip.
  json with_lb = a.body;
  with_lb["status"]["loadBalancer"] = {{"ingress", {{{"hostname", "lb1.elb.example.com"}}}}};
  Reply s = h.put(std::string(kSvcs) + "/lb1/status", with_lb);
  REQUIRE(s.status == 200);
  CHECK(s.body["status"]["loadBalancer"]["ingress"][0]["hostname"] == "lb1.elb.example.com");
  // A later change of the spec keeps it; a change of type drops it.
  json spec_change = s.body;
  spec_change["metadata"]["labels"] = {{"x", "y"}};
  Reply u = h.put(std::string(kSvcs) + "/lb1", spec_change);
  REQUIRE(u.status == 200);
  CHECK(u.body["status"]["loadBalancer"]["ingress"][0]["hostname"] == "lb1.elb.example.com");
  json to_node_port = u.body;
  to_node_port["spec"]["type"] = "NodePort";
  Reply n = h.put(std::string(kSvcs) + "/lb1", to_node_port);
  REQUIRE(n.status == 200);
  CHECK(n.body["status"]["loadBalancer"] == json::object());
}

TEST_CASE("the sandbox has nodes with documentation addresses") {
  Harness h;
  Reply nodes = h.get("/api/v1/nodes");
  REQUIRE(nodes.body["items"].size() == 1);
  const json& addrs = nodes.body["items"][0]["status"]["addresses"];
  CHECK(addrs[0]["type"] == "InternalIP");
  CHECK(addrs[0]["address"].get<std::string>().rfind("203.0.113.", 0) == 0);
  CHECK(addrs[1]["type"] == "Hostname");
  CHECK(h.get("/api/v1/namespaces/default/services/kubernetes").body["spec"]["clusterIP"] ==
        "10.96.0.1");
}
