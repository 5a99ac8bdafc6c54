// Tests for the REST surface in process: authentication, CRUD with resourceVersion and
// generation, selectors and paging, patches, server-side apply over the API, dry runs, the
// status subresource, and the Status errors bad requests get.
#include "sandbox/api.h"

#include <doctest/doctest.h>

#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {
json cm(const std::string& name, json data = {{"k", "v"}}, json labels = json::object()) {
  json o = {
      {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}, {"data", data}};
  if (!labels.empty()) o["metadata"]["labels"] = labels;
  return o;
}
const char* kCms = "/api/v1/namespaces/default/configmaps";
}  // namespace

TEST_CASE("requests without the bearer token get 401 Unauthorized, health checks do not") {
  Harness h;
  Reply r = h.call("GET", "/api/v1/namespaces", "", "", "");
  CHECK(r.status == 401);
  CHECK(r.body["kind"] == "Status");
  CHECK(r.body["reason"] == "Unauthorized");
  CHECK(h.call("GET", "/api/v1/namespaces", "", "", "wrong").status == 401);
  CHECK(h.call("GET", "/healthz", "", "", "").status == 200);
  CHECK(h.call("GET", "/version", "", "", "").body["major"] == "1");
  CHECK(h.get("/api/v1/namespaces").status == 200);
}

TEST_CASE("discovery lists the core and group versions with their resources") {
  Harness h;
  Reply api = h.get("/api");
  CHECK(api.body["versions"] == json::array({"v1"}));
  Reply v1 = h.get("/api/v1");
  REQUIRE(v1.status == 200);
  bool services = false, status = false;
  for (const json& r : v1.body["resources"]) {
    if (r["name"] == "services") services = r["namespaced"] == true && r["shortNames"][0] == "svc";
    if (r["name"] == "services/status") status = true;
  }
  CHECK(services);
  CHECK(status);
  Reply apis = h.get("/apis");
  std::vector<std::string> groups;
  for (const json& g : apis.body["groups"]) groups.push_back(g["name"]);
  CHECK(std::find(groups.begin(), groups.end(), "apps") != groups.end());
  CHECK(std::find(groups.begin(), groups.end(), "route.openshift.io") != groups.end());
  CHECK(std::find(groups.begin(), groups.end(), "coordination.k8s.io") != groups.end());
  CHECK(h.get("/apis/nope.example.com/v1").status == 404);
}

TEST_CASE("create, get and update keep uid and creationTimestamp and bump resourceVersion") {
  Harness h;
  Reply created = h.post(kCms, cm("a"));
  REQUIRE(created.status == 201);
  const json& m = created.body["metadata"];
  CHECK(m["namespace"] == "default");
  CHECK(m["uid"].get<std::string>().size() == 36);
  CHECK_FALSE(m.contains("generation"));
  std::string rv = m["resourceVersion"];
  json next = created.body;
  next["data"]["k"] = "w";
  Reply updated = h.put(std::string(kCms) + "/a", next);
  REQUIRE(updated.status == 200);
  CHECK(updated.body["metadata"]["uid"] == m["uid"]);
  CHECK(updated.body["metadata"]["creationTimestamp"] == m["creationTimestamp"]);
  CHECK(std::stoull(updated.body["metadata"]["resourceVersion"].get<std::string>()) >
        std::stoull(rv));
  CHECK(h.get(std::string(kCms) + "/a").body["data"]["k"] == "w");
}

TEST_CASE("a built-in kind takes a body without kind or apiVersion, a custom resource does not") {
  Harness h;
  Reply ns = h.post("/api/v1/namespaces", {{"metadata", {{"name", "typed"}}}});
  REQUIRE(ns.status == 201);
  CHECK(ns.body["kind"] == "Namespace");
  CHECK(ns.body["apiVersion"] == "v1");
  const std::string leases = "/apis/coordination.k8s.io/v1/namespaces/typed/leases";
  Reply lease =
      h.post(leases, {{"metadata", {{"name", "l"}}}, {"spec", {{"holderIdentity", "a"}}}});
  REQUIRE(lease.status == 201);
  CHECK(lease.body["apiVersion"] == "coordination.k8s.io/v1");
  json next = {{"metadata", lease.body["metadata"]}, {"spec", {{"holderIdentity", "b"}}}};
  Reply replaced = h.put(leases + "/l", next);
  CHECK(replaced.status == 200);
  CHECK(replaced.body["kind"] == "Lease");
  CHECK(h.post(leases, {{"kind", "Secret"}, {"metadata", {{"name", "x"}}}}).status == 400);
  Harness ossm(true);
  Reply cr = ossm.post("/apis/maistra.io/v2/namespaces/default/servicemeshcontrolplanes",
                       {{"metadata", {{"name", "basic"}}}});
  CHECK(cr.status == 400);
  CHECK(cr.body["message"].get<std::string>().find("Object 'Kind' is missing") !=
        std::string::npos);
}

TEST_CASE("an update with a stale resourceVersion is a 409 Conflict") {
  Harness h;
  Reply created = h.post(kCms, cm("a"));
  json first = created.body;
  first["data"]["k"] = "1";
  REQUIRE(h.put(std::string(kCms) + "/a", first).status == 200);
  json stale = created.body;
  stale["data"]["k"] = "2";
  Reply r = h.put(std::string(kCms) + "/a", stale);
  CHECK(r.status == 409);
  CHECK(r.body["reason"] == "Conflict");
  CHECK(r.body["message"] ==
        "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; "
        "please apply your changes to the latest version and try again");
}

TEST_CASE("creating an existing name is AlreadyExists and reading a missing one NotFound") {
  Harness h;
  REQUIRE(h.post(kCms, cm("a")).status == 201);
  Reply dup = h.post(kCms, cm("a"));
  CHECK(dup.status == 409);
  CHECK(dup.body["reason"] == "AlreadyExists");
  CHECK(dup.body["message"] == "configmaps \"a\" already exists");
  Reply missing = h.get(std::string(kCms) + "/zz");
  CHECK(missing.status == 404);
  CHECK(missing.body["reason"] == "NotFound");
  CHECK(missing.body["details"]["kind"] == "configmaps");
  Reply no_ns = h.post("/api/v1/namespaces/nowhere/configmaps", cm("a"));
  CHECK(no_ns.status == 404);
  CHECK(no_ns.body["message"] == "namespaces \"nowhere\" not found");
}

TEST_CASE("lists filter by label and field selectors and page with limit and continue") {
  Harness h;
  for (int i = 0; i < 5; ++i)
    h.post(kCms, cm("c" + std::to_string(i), {{"k", "v"}}, {{"app", i % 2 ? "odd" : "even"}}));
  Reply even = h.get(std::string(kCms) + "?labelSelector=app%3Deven");
  CHECK(even.body["items"].size() == 3);
  CHECK(even.body["kind"] == "ConfigMapList");
  CHECK_FALSE(even.body["items"][0].contains("kind"));  // typed lists omit item kinds
  Reply notin = h.get(std::string(kCms) + "?labelSelector=app%20notin%20(even)");
  CHECK(notin.body["items"].size() == 2);
  Reply by_name = h.get(std::string(kCms) + "?fieldSelector=metadata.name%3Dc3");
  REQUIRE(by_name.body["items"].size() == 1);
  CHECK(by_name.body["items"][0]["metadata"]["name"] == "c3");
  Reply bad_field = h.get(std::string(kCms) + "?fieldSelector=data.k%3Dv");
  CHECK(bad_field.status == 400);
  CHECK(bad_field.body["message"] == "field label not supported: data.k");
  Reply bad_label = h.get(std::string(kCms) + "?labelSelector=a%3D%3D%3Db");
  CHECK(bad_label.status == 400);

  Reply page1 = h.get(std::string(kCms) + "?limit=2");
  REQUIRE(page1.body["items"].size() == 2);
  std::string token = page1.body["metadata"]["continue"];
  CHECK(page1.body["metadata"]["remainingItemCount"] == 3);
  Reply page2 = h.get(std::string(kCms) + "?limit=2&continue=" + token);
  REQUIRE(page2.body["items"].size() == 2);
  CHECK(page2.body["items"][0]["metadata"]["name"] == "c2");
}

TEST_CASE("merge, strategic and JSON patches change the object") {
  Harness h;
  h.post(kCms, cm("a", {{"k", "v"}, {"drop", "x"}}));
  Reply merge = h.call("PATCH", std::string(kCms) + "/a", R"({"data":{"k":"m","drop":null}})",
                       "application/merge-patch+json");
  REQUIRE(merge.status == 200);
  CHECK(merge.body["data"] == json{{"k", "m"}});
  Reply jp =
      h.call("PATCH", std::string(kCms) + "/a", R"([{"op":"add","path":"/data/n","value":"1"}])",
             "application/json-patch+json");
  REQUIRE(jp.status == 200);
  CHECK(jp.body["data"]["n"] == "1");
  Reply failing =
      h.call("PATCH", std::string(kCms) + "/a", R"([{"op":"test","path":"/data/n","value":"2"}])",
             "application/json-patch+json");
  CHECK(failing.status == 422);
  Reply smp = h.call("PATCH", std::string(kCms) + "/a", R"({"metadata":{"labels":{"x":"y"}}})",
                     "application/strategic-merge-patch+json");
  CHECK(smp.body["metadata"]["labels"]["x"] == "y");
  Reply unsupported = h.call("PATCH", std::string(kCms) + "/a", "{}", "text/plain");
  CHECK(unsupported.status == 415);
  CHECK(unsupported.body["reason"] == "UnsupportedMediaType");
}

TEST_CASE("server-side apply over the API: ownership in managedFields, 409 on conflict, force") {
  Harness h;
  std::string url = std::string(kCms) + "/cfg";
  std::string yaml =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  key: value\n";
  Reply first = h.apply(url, yaml, "kubectl");
  REQUIRE(first.status == 201);
  json mf = first.body["metadata"]["managedFields"];
  REQUIRE(mf.size() == 1);
  CHECK(mf[0]["manager"] == "kubectl");
  CHECK(mf[0]["operation"] == "Apply");
  CHECK(mf[0]["fieldsType"] == "FieldsV1");
  CHECK(mf[0]["fieldsV1"] == json::parse(R"({"f:data":{"f:key":{}}})"));

  std::string rv = first.body["metadata"]["resourceVersion"];
  Reply again = h.apply(url, yaml, "kubectl");
  CHECK(again.status == 200);
  CHECK(again.body["metadata"]["resourceVersion"] == rv);  // a no-op apply changes nothing

  std::string other =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  key: other\n";
  Reply conflict = h.apply(url, other, "other");
  CHECK(conflict.status == 409);
  CHECK(conflict.body["reason"] == "Conflict");
  CHECK(conflict.body["message"] ==
        "Apply failed with 1 conflict: conflict with \"kubectl\": .data.key");
  CHECK(conflict.body["details"]["causes"][0]["reason"] == "FieldManagerConflict");
  CHECK(conflict.body["details"]["causes"][0]["field"] == ".data.key");

  Reply forced = h.apply(url, other, "other", true);
  REQUIRE(forced.status == 200);
  CHECK(forced.body["data"]["key"] == "other");
  json managers = forced.body["metadata"]["managedFields"];
  REQUIRE(managers.size() == 1);
  CHECK(managers[0]["manager"] == "other");

  Reply no_manager = h.call("PATCH", url, yaml, "application/apply-patch+yaml");
  CHECK(no_manager.status == 422);
  Reply bad_yaml = h.apply(url, "apiVersion: v1\nkind: [", "kubectl");
  CHECK(bad_yaml.status == 400);
  CHECK(bad_yaml.body["kind"] == "Status");

  // A JSON body (what fedplan and client-go send) takes the fast path with the same result;
  // duplicate keys are still refused, as strict decoding does.
  Reply as_json = h.apply(url, R"( {"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"cfg"},"data":{"key":"other","n":"1"}})",
                          "other");
  REQUIRE(as_json.status == 200);
  CHECK(as_json.body["data"]["n"] == "1");
  Reply twice = h.apply(url, R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"cfg"},"data":{"key":"a","key":"b"}})",
                        "other");
  CHECK(twice.status == 400);
  Reply broken = h.apply(url, R"({"apiVersion":"v1",)", "other");
  CHECK(broken.status == 400);
}

TEST_CASE("an update conflict names the updater and its API version") {
  Harness h;
  REQUIRE(h.post(kCms + std::string("?fieldManager=kubectl-create"), cm("a")).status == 201);
  Reply r = h.apply(std::string(kCms) + "/a",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: new\n",
                    "kubectl");
  CHECK(r.status == 409);
  CHECK(r.body["message"] ==
        "Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.k");
}

TEST_CASE("dryRun=All validates and answers but stores nothing") {
  Harness h;
  uint64_t rv = h.cluster.store().resource_version();
  Reply r = h.call("POST", std::string(kCms) + "?dryRun=All", cm("dry").dump());
  CHECK(r.status == 201);
  CHECK(r.body["metadata"]["name"] == "dry");
  CHECK(h.get(std::string(kCms) + "/dry").status == 404);
  CHECK(h.cluster.store().resource_version() == rv);
  CHECK(h.call("POST", std::string(kCms) + "?dryRun=Some", cm("dry").dump()).status == 400);
}

TEST_CASE("bad requests get the Status a real API server gives and never crash") {
  Harness h;
  Reply malformed = h.call("POST", kCms, "{not json");
  CHECK(malformed.status == 400);
  CHECK(malformed.body["reason"] == "BadRequest");
  Reply unknown = h.post("/api/v1/namespaces/default/widgets", cm("a"));
  CHECK(unknown.status == 404);
  CHECK(unknown.body["message"] == "the server could not find the requested resource");
  json wrong_version = cm("a");
  wrong_version["apiVersion"] = "apps/v1";
  Reply wv = h.post(kCms, wrong_version);
  CHECK(wv.status == 400);
  CHECK(wv.body["message"] ==
        "the API version in the data (apps/v1) does not match the expected API version (v1)");
  json wrong_kind = cm("a");
  wrong_kind["kind"] = "Secret";
  CHECK(h.post(kCms, wrong_kind).status == 400);
  Reply too_big = h.call("POST", kCms, std::string(kMaxBodyBytes + 1, ' '));
  CHECK(too_big.status == 413);
  CHECK(too_big.body["reason"] == "RequestEntityTooLarge");
  Reply bad_name = h.post(kCms, cm("Bad_Name"));
  CHECK(bad_name.status == 422);
  CHECK(bad_name.body["reason"] == "Invalid");
  CHECK(bad_name.body["message"].get<std::string>().rfind(
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", 0) ==
        0);
  Reply not_string = h.post(kCms, cm("n", {{"k", 5}}));
  CHECK(not_string.status == 400);
  CHECK(h.call("POST", kCms, "[1,2]").status == 400);
  Reply typed = h.post("/api/v1/namespaces/default/services",
                       {{"apiVersion", "v1"},
                        {"kind", "Service"},
                        {"metadata", {{"name", "s"}}},
                        {"spec", {{"ports", {{{"name", 1.5}, {"port", 80}}}}}}});
  CHECK(typed.status == 400);
  CHECK(typed.body["message"].get<std::string>().find("spec.ports[0].name: expected string") !=
        std::string::npos);
  CHECK(h.call("POST", kCms, "null").status == 400);
  CHECK(h.call("POST", kCms, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":7})").status ==
        400);
  CHECK(h.call("DELETE", kCms + std::string("/none")).status == 404);
  CHECK(h.call("PUT", "/api/v1/namespaces/default/configmaps", cm("x").dump()).status == 405);
  // The server still answers.
  CHECK(h.get("/api/v1/namespaces/default").status == 200);
}

TEST_CASE("generation counts spec changes of kinds that have one") {
  Harness h;
  json d = {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", "web"}}},
            {"spec",
             {{"selector", {{"matchLabels", {{"app", "web"}}}}},
              {"template",
               {{"metadata", {{"labels", {{"app", "web"}}}}},
                {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx:1"}}}}}}}}}}};
  Reply created = h.post("/apis/apps/v1/namespaces/default/deployments", d);
  REQUIRE(created.status == 201);
  CHECK(created.body["metadata"]["generation"] == 1);
  CHECK(created.body["spec"]["replicas"] == 1);
  CHECK(created.body["status"]["availableReplicas"] == 1);
  Reply labelled = h.call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                          R"({"metadata":{"labels":{"x":"y"}}})", "application/merge-patch+json");
  CHECK(labelled.body["metadata"]["generation"] == 1);
  Reply scaled = h.call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                        R"({"spec":{"replicas":3}})", "application/merge-patch+json");
  CHECK(scaled.body["metadata"]["generation"] == 2);
  CHECK(scaled.body["status"]["readyReplicas"] == 3);
  Reply scale = h.call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale",
                       R"({"spec":{"replicas":5}})", "application/merge-patch+json");
  REQUIRE(scale.status == 200);
  CHECK(scale.body["kind"] == "Scale");
  CHECK(scale.body["spec"]["replicas"] == 5);
  CHECK(scale.body["status"]["selector"] == "app=web");
  CHECK(h.get("/apis/apps/v1/namespaces/default/deployments/web").body["spec"]["replicas"] == 5);
  json bad = d;
  bad["metadata"]["name"] = "bad";
  bad["spec"]["template"]["metadata"]["labels"]["app"] = "other";
  Reply mismatch = h.post("/apis/apps/v1/namespaces/default/deployments", bad);
  CHECK(mismatch.status == 422);
}

TEST_CASE("the status subresource keeps spec and status writes apart") {
  Harness h;
  json crd = json::parse(R"({
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.com"},
    "spec": {"group": "example.com", "scope": "Namespaced",
      "names": {"plural": "widgets", "kind": "Widget"},
      "versions": [{"name": "v1", "served": true, "storage": true,
        "subresources": {"status": {}},
        "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}})");
  REQUIRE(h.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).status == 201);
  std::string url = "/apis/example.com/v1/namespaces/default/widgets";
  json w = {{"apiVersion", "example.com/v1"},
            {"kind", "Widget"},
            {"metadata", {{"name", "w"}}},
            {"spec", {{"size", 1}}},
            {"status", {{"phase", "ignored"}}}};
  Reply created = h.post(url, w);
  REQUIRE(created.status == 201);
  CHECK_FALSE(created.body.contains("status"));
  json st = created.body;
  st["status"] = {{"phase", "Ready"}};
  st["spec"]["size"] = 99;
  Reply status = h.put(url + "/w/status", st);
  REQUIRE(status.status == 200);
  CHECK(status.body["status"]["phase"] == "Ready");
  CHECK(status.body["spec"]["size"] == 1);
  json main = status.body;
  main["status"] = {{"phase", "Hacked"}};
  main["spec"]["size"] = 2;
  Reply upd = h.put(url + "/w", main);
  CHECK(upd.body["status"]["phase"] == "Ready");
  CHECK(upd.body["spec"]["size"] == 2);
  CHECK(upd.body["metadata"]["generation"] == 2);
}

TEST_CASE("kubectl's Table requests get columns and rows") {
  Harness h;
  Reply t = h.call("GET", "/api/v1/namespaces", "", "", "secret-token",
                   "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
  REQUIRE(t.status == 200);
  CHECK(t.body["kind"] == "Table");
  CHECK(t.body["columnDefinitions"][0]["name"] == "Name");
  CHECK(t.body["columnDefinitions"][1]["name"] == "Status");
  CHECK(t.body["rows"].size() == 4);
  CHECK(t.body["rows"][0]["cells"][1] == "Active");
  CHECK(t.body["rows"][0]["object"]["kind"] == "PartialObjectMetadata");
}

TEST_CASE("a watch from a resourceVersion reports later changes in order") {
  Harness h;
  uint64_t rv = h.cluster.store().resource_version();
  Reply w = h.get(std::string(kCms) + "?watch=true&resourceVersion=" + std::to_string(rv));
  REQUIRE(w.response.watch.has_value());
  h.post(kCms, cm("a"));
  h.call("DELETE", std::string(kCms) + "/a");
  std::vector<std::string> lines = h.api.poll_watch(*w.response.watch);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["type"] == "ADDED");
  CHECK(json::parse(lines[1])["type"] == "DELETED");
  CHECK(json::parse(lines[1])["object"]["kind"] == "ConfigMap");
  CHECK(h.api.poll_watch(*w.response.watch).empty());
}
