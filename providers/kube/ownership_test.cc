// Tests of ownership: conflict causes and managedFields read as the API server writes them,
// conflict paths found in manifests, and the words of the plan and the foreign-object error.
#include "providers/kube/ownership.h"

#include <doctest/doctest.h>

namespace fedplan::kube {
namespace {

using nlohmann::json;

json conflict_status() {
  return json::parse(R"({"kind":"Status","code":409,"reason":"Conflict",
    "message":"Apply failed with 2 conflicts: ...",
    "details":{"causes":[
      {"reason":"FieldManagerConflict","message":"conflict with \"kubectl-patch\" using apps/v1",
       "field":".spec.replicas"},
      {"reason":"FieldManagerConflict","message":"conflict with \"kubectl-label\" using v1",
       "field":".metadata.labels.app.kubernetes.io/name"},
      {"reason":"FieldValueInvalid","message":"not a conflict","field":".spec"}]}})");
}

TEST_CASE("conflict causes give each field and its manager, other causes are not conflicts") {
  std::vector<FieldConflict> c = conflicts_of(conflict_status());
  REQUIRE(c.size() == 2);
  CHECK(c[0] == FieldConflict{".spec.replicas", "kubectl-patch"});
  CHECK(c[1] == FieldConflict{".metadata.labels.app.kubernetes.io/name", "kubectl-label"});
  CHECK(conflicts_of(json::parse(R"({"code":409,"message":"x"})")).empty());
}

TEST_CASE("an object is fedplan's only when fedplan has a managedFields entry on it") {
  json made_by_hand = json::parse(R"({"metadata":{"managedFields":[
    {"manager":"kubectl-create","operation":"Update"},
    {"manager":"kubectl-label","operation":"Update"},
    {"manager":"kubectl-create","operation":"Update","subresource":"status"}]}})");
  CHECK(managers_of(made_by_hand) == std::vector<std::string>{"kubectl-create", "kubectl-label"});
  CHECK_FALSE(fedplan_manages(made_by_hand));
  CHECK_FALSE(fedplan_manages(json::parse(R"({"metadata":{"name":"x"}})")));
  made_by_hand["metadata"]["managedFields"].push_back({{"manager", "fedplan"}});
  CHECK(fedplan_manages(made_by_hand));
}

TEST_CASE("conflict paths are found in the manifest: dotted keys, keyed list items, sets") {
  json m = json::parse(R"({"metadata":{"name":"web","labels":{"app":"web",
      "app.kubernetes.io/name":"web"}},
    "spec":{"replicas":3,"template":{"spec":{"containers":[
      {"name":"a","image":"a:1"},{"name":"b","image":"b:1","args":["x","y"]}]}}}})");
  json want = m;
  CHECK(remove_field(m, ".spec.replicas"));
  want["spec"].erase("replicas");
  CHECK(m == want);
  CHECK(remove_field(m, ".metadata.labels.app.kubernetes.io/name"));
  want["metadata"]["labels"].erase("app.kubernetes.io/name");
  CHECK(m == want);
  CHECK(m["metadata"]["labels"]["app"] == "web");
  CHECK(remove_field(m, ".spec.template.spec.containers[name=\"b\"].image"));
  want["spec"]["template"]["spec"]["containers"][1].erase("image");
  CHECK(m == want);
  CHECK(remove_field(m, ".spec.template.spec.containers[name=\"b\"].args[=\"y\"]"));
  want["spec"]["template"]["spec"]["containers"][1]["args"] = json::array({"x"});
  CHECK(m == want);
  // Paths the manifest does not have change nothing.
  CHECK_FALSE(remove_field(m, ".spec.paused"));
  CHECK_FALSE(remove_field(m, ".spec.template.spec.containers[name=\"c\"].image"));
  CHECK_FALSE(remove_field(m, "spec"));
  CHECK(m == want);
}

TEST_CASE("conflicts of leave_fields_to managers are split off, the rest are taken back") {
  std::vector<FieldConflict> c = conflicts_of(conflict_status());
  std::vector<FieldConflict> left = split_left(c, {"kubectl-label", "hpa-controller"});
  REQUIRE(left.size() == 1);
  CHECK(left[0].manager == "kubectl-label");
  REQUIRE(c.size() == 1);
  CHECK(c[0].manager == "kubectl-patch");
  CHECK(takeover_note("", c, left) ==
        "takes .spec.replicas back from manager kubectl-patch\n"
        "leaves .metadata.labels.app.kubernetes.io/name to manager kubectl-label "
        "(leave_fields_to)");
  CHECK(takeover_note("Deployment \"a/web\" (apps/v1)", c, {}) ==
        "Deployment \"a/web\" (apps/v1): takes .spec.replicas back from manager kubectl-patch");
}

TEST_CASE("the foreign object error names the object, the cluster and the exact import id") {
  ClusterAccess access;
  access.server = "https://127.0.0.1:6443";
  access.source = "kubeconfig /k (context \"mesh1\")";
  ObjectRef ref{"apps/v1", "Deployment", "", "web"};
  std::string d = foreign_object_detail(ref, "shop", access, {"kubectl-create"});
  CHECK(d.find("Deployment shop/web (apps/v1) already exists on https://127.0.0.1:6443 "
               "(kubeconfig /k (context \"mesh1\"))") == 0);
  CHECK(d.find("its field managers: kubectl-create") != std::string::npos);
  CHECK(d.find("import { to = ADDRESS  id = \"apps/v1/Deployment/shop/web\" }") !=
        std::string::npos);
  CHECK(d.find("fedplan import ADDRESS apps/v1/Deployment/shop/web") != std::string::npos);
  CHECK(d.find("adopt = true") != std::string::npos);
  ObjectRef ns{"v1", "Namespace", "", "shop"};
  CHECK(
      foreign_object_detail(ns, "", access, {}).find("fedplan import ADDRESS v1/Namespace//shop") !=
      std::string::npos);
}

}  // namespace
}  // namespace fedplan::kube
