// Tests of field projection: what the live object shows through a manifest's fields, so that
// defaults and other managers' fields never make a diff while real drift does.
#include "providers/kube/projection.h"

#include <doctest/doctest.h>

#include "base/base64.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;

TEST_CASE("projection keeps only the manifest's fields, with live values") {
  json manifest = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"a","labels":{"app":"x"}},"data":{"k":"v"}})");
  json live = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"a","namespace":"default","uid":"u1","resourceVersion":"7",
                "labels":{"app":"x","added-by":"someone-else"},
                "annotations":{"a":"b"}},
    "data":{"k":"changed","other":"z"}})");
  json p = project_manifest(live, manifest);
  CHECK(p == json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"a","labels":{"app":"x"}},"data":{"k":"changed"}})"));
}

TEST_CASE("projection of an unchanged object with server defaults equals the manifest") {
  json manifest = json::parse(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"gw","namespace":"ns"},
    "spec":{"type":"NodePort","selector":{"app":"gw"},
            "ports":[{"name":"tls","port":15443},{"name":"http","port":80,"targetPort":8080}]}})");
  json live = json::parse(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"gw","namespace":"ns","uid":"u"},
    "spec":{"type":"NodePort","selector":{"app":"gw"},"clusterIP":"10.0.0.7",
            "sessionAffinity":"None","externalTrafficPolicy":"Cluster",
            "ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP","nodePort":30080},
                     {"name":"tls","port":15443,"targetPort":15443,"protocol":"TCP",
                      "nodePort":31443},
                     {"name":"extra","port":9,"protocol":"UDP"}]},
    "status":{"loadBalancer":{}}})");
  CHECK(project_manifest(live, manifest) == manifest);
}

TEST_CASE("projection matches unnamed list elements by their fields, not only position") {
  json manifest = json::parse(R"({"ports":[{"port":53,"protocol":"UDP"},{"port":80}]})");
  json live = json::parse(R"({"ports":[{"port":80,"protocol":"TCP","nodePort":1},
                                        {"port":53,"protocol":"UDP","nodePort":2}]})");
  CHECK(project(live, manifest) == manifest);
  // A changed element shows as changed; a missing one as missing.
  json drifted = json::parse(R"({"ports":[{"port":81,"protocol":"TCP"}]})");
  CHECK(project(drifted, json::parse(R"({"ports":[{"port":80}]})")) ==
        json::parse(R"({"ports":[{"port":81}]})"));
  json named = json::parse(R"({"c":[{"name":"a","image":"x"},{"name":"b","image":"y"}]})");
  CHECK(project(json::parse(R"({"c":[{"name":"b","image":"y2"}]})"), named) ==
        json::parse(R"({"c":[{"name":"b","image":"y2"}]})"));
}

TEST_CASE("projection of scalar lists ignores items others added but shows removed ones") {
  json manifest = json::parse(R"({"finalizers":["a","b"]})");
  CHECK(project(json::parse(R"({"finalizers":["x","a","b"]})"), manifest) == manifest);
  CHECK(project(json::parse(R"({"finalizers":["a"]})"), manifest) ==
        json::parse(R"({"finalizers":["a"]})"));
}

TEST_CASE("projection treats fields the server omits when empty as present") {
  json manifest = json::parse(
      R"({"data":{},"spec":{"hostNetwork":false,"replicas":0,"note":"","list":[],
          "nested":{"flag":false,"set":true}}})");
  json live = json::parse(R"({"spec":{}})");
  CHECK(project(live, manifest) ==
        json::parse(R"({"data":{},"spec":{"hostNetwork":false,"replicas":0,"note":"","list":[],
                        "nested":{"flag":false}}})"));
  // A value that is not empty and is missing live is drift: it is left out.
  CHECK(project(json::parse("{}"), json::parse(R"({"a":{"b":true}})")) == json::object());
}

TEST_CASE("a Secret's stringData reads back from its base64 data") {
  json manifest = json::parse(R"({"apiVersion":"v1","kind":"Secret",
    "metadata":{"name":"s"},"stringData":{"password":"hunter2"}})");
  json live = {{"apiVersion", "v1"},
               {"kind", "Secret"},
               {"metadata", {{"name", "s"}}},
               {"data", {{"password", base64_encode("hunter2")}}}};
  CHECK(project_manifest(live, manifest) == manifest);
  live["data"]["password"] = base64_encode("changed");
  CHECK(project_manifest(live, manifest)["stringData"]["password"] == "changed");
}

TEST_CASE("clean, import and strip_nulls remove what fedplan must not record") {
  json live = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"a","uid":"u","resourceVersion":"1","generation":2,
      "creationTimestamp":"t","managedFields":[{"manager":"m"}],
      "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
    "data":{"k":"v"},"status":{"x":1}})");
  json cleaned = clean_live_object(live);
  CHECK_FALSE(cleaned["metadata"].contains("managedFields"));
  CHECK(cleaned["metadata"]["uid"] == "u");
  CHECK(import_manifest(live) ==
        json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},
                        "data":{"k":"v"}})"));
  CHECK(strip_nulls(json::parse(R"({"a":null,"b":[{"c":null,"d":1}]})")) ==
        json::parse(R"({"b":[{"d":1}]})"));
}

}  // namespace
}  // namespace fedplan::kube
