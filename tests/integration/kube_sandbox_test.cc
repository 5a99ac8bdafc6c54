// Integration tests of the kube provider against a real fedplan-sandbox process: every
// resource and data source, every wait form, CRDs created in the same run, bulk refresh and
// import.
#include <doctest/doctest.h>

#include "lang/value_json.h"
#include "providers/kube/kube_provider.h"
#include "providers/kube/testing/live_fixture.h"
#include "providers/kube/testing/sandbox_process.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::live_provider;
using testing::LiveProvider;
using testing::raw_call;
using testing::shared_sandbox;

Value J(const std::string& text) {
  return from_json(json::parse(text));
}
json JS(const Value& v) {
  return to_json(v);
}

struct Live {
  testing::SandboxProcess& sb = shared_sandbox();
  std::unique_ptr<LiveProvider> lp =
      live_provider(Value::object({{"kubeconfig", Value::string(sb.kubeconfig())}}));
  Provider& p = *lp->provider;

  Live() {
    REQUIRE_MESSAGE(!lp->configure_diags.has_errors(),
                    render_diagnostics(lp->configure_diags, nullptr));
  }

  PlanResult plan(const std::string& type, const Value& prior, const Value& config) {
    return p.plan_change(PlanRequest{type, prior, config});
  }
  ApplyResult try_apply(const std::string& type, const Value& prior, const Value& config) {
    PlanResult pr = plan(type, prior, config);
    REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
    return p.apply(ApplyRequest{type, prior, pr.planned, config});
  }
  Value apply(const std::string& type, const Value& prior, const Value& config) {
    ApplyResult ar = try_apply(type, prior, config);
    REQUIRE_MESSAGE(!ar.diags.has_errors(), render_diagnostics(ar.diags, nullptr));
    return ar.state;
  }
  // Refresh then plan: true when the plan is a no-op.
  bool converged(const std::string& type, const Value& state, const Value& config) {
    ReadResult rr = p.read(type, state);
    REQUIRE_MESSAGE(!rr.diags.has_errors(), render_diagnostics(rr.diags, nullptr));
    PlanResult pr = plan(type, rr.state, config);
    REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
    return pr.planned == rr.state;
  }
  Value ns(const std::string& name) {
    return apply("kube_object", Value(),
                 Value::object({{"manifest", J(R"({"apiVersion":"v1","kind":"Namespace",
                                                "metadata":{"name":")" +
                                               name + "\"}}")}}));
  }
};

Value object_config(const Value& manifest, ValueMap extra = {}) {
  extra["manifest"] = manifest;
  return Value::object(std::move(extra));
}

TEST_CASE("sandbox: kube_object create, no-op re-plan, update, drift and delete") {
  Live l;
  l.ns("life");
  Value m = J(R"({"apiVersion":"v1","kind":"ConfigMap",
                 "metadata":{"name":"c","namespace":"life","labels":{"app":"x"}},
                 "data":{"a":"1"}})");
  Value s = l.apply("kube_object", Value(), object_config(m));
  CHECK(JS(*s.get("object"))["metadata"]["uid"] == s.get("uid")->as_string());
  CHECK_FALSE(JS(*s.get("object"))["metadata"].contains("managedFields"));
  CHECK(l.converged("kube_object", s, object_config(m)));

  // Another manager adds a label and a data key: fedplan does not see a change.
  auto other = raw_call(l.sb.kubeconfig(), "PATCH",
                        "/api/v1/namespaces/life/configmaps/c?fieldManager=kubectl",
                        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c",
                           "labels":{"team":"t"}},"data":{"other":"2"}})",
                        "application/apply-patch+yaml");
  REQUIRE_MESSAGE(other.status == 200, other.body.dump());
  CHECK(l.converged("kube_object", s, object_config(m)));

  // Someone takes over a field fedplan manages with a different value: that is drift.
  other = raw_call(l.sb.kubeconfig(), "PATCH",
                   "/api/v1/namespaces/life/configmaps/c?fieldManager=intruder&force=true",
                   R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},
                      "data":{"a":"changed"}})",
                   "application/apply-patch+yaml");
  REQUIRE_MESSAGE(other.status == 200, other.body.dump());
  ReadResult rr = l.p.read("kube_object", s);
  CHECK(JS(*rr.state.get("manifest"))["data"]["a"] == "changed");
  // The plan takes the field back: drift, not an error; apply forces just that field.
  PlanResult drift = l.plan("kube_object", rr.state, object_config(m));
  REQUIRE_MESSAGE(!drift.diags.has_errors(), render_diagnostics(drift.diags, nullptr));
  CHECK(drift.note == "takes .data.a back from manager intruder");
  CHECK(JS(*drift.planned.get("taken_fields")) ==
        json::parse(R"([{"object":"","field":".data.a","manager":"intruder"}])"));
  CHECK(drift.planned != rr.state);
  CHECK(drift.requires_replace.empty());
  CHECK(JS(*drift.planned.get("manifest"))["data"]["a"] == "1");
  Value forced = object_config(m);
  s = l.apply("kube_object", rr.state, forced);
  CHECK(JS(*s.get("object"))["data"]["a"] == "1");
  CHECK(JS(*s.get("object"))["data"]["other"] == "2");  // the other manager's field stays
  CHECK(l.converged("kube_object", s, forced));

  // A field dropped from the manifest is removed by server-side apply.
  Value fewer = J(R"({"apiVersion":"v1","kind":"ConfigMap",
                     "metadata":{"name":"c","namespace":"life"},"data":{"a":"1"}})");
  s = l.apply("kube_object", s, object_config(fewer));
  CHECK_FALSE(JS(*s.get("object"))["metadata"]["labels"].contains("app"));

  ApplyResult del = l.p.apply(ApplyRequest{"kube_object", s, Value(), Value()});
  REQUIRE_MESSAGE(!del.diags.has_errors(), render_diagnostics(del.diags, nullptr));
  CHECK(del.state.is_null());
  CHECK(l.lp->wire().count("DELETE /api/v1/namespaces/life/configmaps/c?propagationPolicy="
                           "Foreground") == 1);
  CHECK(raw_call(l.sb.kubeconfig(), "GET", "/api/v1/namespaces/life/configmaps/c").status == 404);
  CHECK(l.p.read("kube_object", s).state.is_null());
}

TEST_CASE("sandbox: a NodePort Service's allocated ports are readable, defaults make no diff") {
  Live l;
  l.ns("svc");
  Value m = J(R"({"apiVersion":"v1","kind":"Service",
                 "metadata":{"name":"gw","namespace":"svc"},
                 "spec":{"type":"NodePort","selector":{"app":"gw"},
                         "ports":[{"name":"tls","port":15443},{"name":"http","port":80}]}})");
  PlanResult plan = l.plan("kube_object", Value(), object_config(m));
  REQUIRE_MESSAGE(!plan.diags.has_errors(), render_diagnostics(plan.diags, nullptr));
  CHECK(plan.note.empty());
  CHECK_FALSE(plan.planned.get("object")->known());
  Value s = l.apply("kube_object", Value(), object_config(m));
  json obj = JS(*s.get("object"));
  CHECK(obj["spec"]["ports"][0]["nodePort"].get<int>() >= 30000);
  CHECK(obj["spec"]["clusterIP"].is_string());
  CHECK(l.converged("kube_object", s, object_config(m)));
}

TEST_CASE("sandbox: wait on a LoadBalancer ingress, a field value and a Ready condition") {
  Live l;
  l.ns("waits");
  Value lb = J(R"({"apiVersion":"v1","kind":"Service",
                  "metadata":{"name":"lb","namespace":"waits"},
                  "spec":{"type":"LoadBalancer","ports":[{"port":443}]}})");
  Value s = l.apply(
      "kube_object", Value(),
      object_config(
          lb,
          {{"wait", Value::object({{"jsonpath", Value::string("status.loadBalancer.ingress[0]")},
                                   {"timeout", Value::string("20s")}})}}));
  CHECK(JS(*s.get("object"))["status"]["loadBalancer"]["ingress"][0]["ip"].is_string());

  Value nsm = J(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"waits2"}})");
  s = l.apply(
      "kube_object", Value(),
      object_config(nsm, {{"wait", Value::object({{"jsonpath", Value::string("status.phase")},
                                                  {"value", Value::string("Active")}})}}));
  CHECK(JS(*s.get("object"))["status"]["phase"] == "Active");

  Value smcp = J(R"({"apiVersion":"maistra.io/v2","kind":"ServiceMeshControlPlane",
                    "metadata":{"name":"basic","namespace":"waits"},
                    "spec":{"version":"v2.1"}})");
  auto before = std::chrono::steady_clock::now();
  s = l.apply("kube_object", Value(),
              object_config(smcp, {{"wait", Value::object({{"condition", Value::string("Ready")},
                                                           {"timeout", Value::string("30s")}})}}));
  CHECK(std::chrono::steady_clock::now() - before >= std::chrono::milliseconds(250));
  bool ready = false;
  json smcp_live = JS(*s.get("object"));
  for (const json& c : smcp_live["status"]["conditions"])
    ready = ready || (c["type"] == "Ready" && c["status"] == "True");
  CHECK(ready);

  // A condition that never comes times out with what it waited for.
  Value cm = J(R"({"apiVersion":"v1","kind":"ConfigMap",
                  "metadata":{"name":"never","namespace":"waits"}})");
  ApplyResult a =
      l.try_apply("kube_object", Value(),
                  object_config(cm, {{"wait", Value::object({{"condition", Value::string("Ready")},
                                                             {"timeout", Value::string("1s")}})}}));
  REQUIRE(a.diags.has_errors());
  CHECK(a.diags.items[0].detail.find("condition Ready (not reported yet)") != std::string::npos);
  CHECK(a.state.get("uid")->known());
}

TEST_CASE("sandbox: a CRD and its instance in one run, kube_objects applies both as a unit") {
  Live l;
  l.ns("crd");
  std::string crd = R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.GROUP"},
    "spec":{"group":"GROUP","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})";
  auto with_group = [&](std::string s, const std::string& g) {
    for (size_t i; (i = s.find("GROUP")) != std::string::npos;) s.replace(i, 5, g);
    return s;
  };
  Value widget = J(R"({"apiVersion":"one.example.com/v1","kind":"Widget",
                      "metadata":{"name":"w","namespace":"crd"},"spec":{"size":3}})");
  // Planned before the CRD exists: known after apply, not an error.
  PlanResult early = l.plan("kube_object", Value(), object_config(widget));
  REQUIRE_MESSAGE(!early.diags.has_errors(), render_diagnostics(early.diags, nullptr));
  CHECK(early.note.find("not served by the cluster yet") != std::string::npos);
  CHECK_FALSE(early.planned.get("object")->known());
  l.apply("kube_object", Value(), object_config(J(with_group(crd, "one.example.com"))));
  ApplyResult inst =
      l.p.apply(ApplyRequest{"kube_object", Value(), early.planned, object_config(widget)});
  REQUIRE_MESSAGE(!inst.diags.has_errors(), render_diagnostics(inst.diags, nullptr));
  CHECK(JS(*inst.state.get("object"))["spec"]["size"] == 3);
  CHECK(l.converged("kube_object", inst.state, object_config(widget)));

  // The same as one kube_objects unit, the instance listed first.
  Value list = Value::tuple({J(R"({"apiVersion":"two.example.com/v1","kind":"Widget",
                                   "metadata":{"name":"w","namespace":"crd2"},
                                   "spec":{"size":5}})"),
                             J(with_group(crd, "two.example.com")),
                             J(R"({"apiVersion":"v1","kind":"Namespace",
                                   "metadata":{"name":"crd2"}})")});
  Value cfg = Value::object({{"manifests", list}});
  PlanResult p = l.plan("kube_objects", Value(), cfg);
  REQUIRE_MESSAGE(!p.diags.has_errors(), render_diagnostics(p.diags, nullptr));
  CHECK(p.note.find("not served by the cluster yet") != std::string::npos);
  ApplyResult a = l.p.apply(ApplyRequest{"kube_objects", Value(), p.planned, cfg});
  REQUIRE_MESSAGE(!a.diags.has_errors(), render_diagnostics(a.diags, nullptr));
  json objects = JS(*a.state.get("objects"));
  REQUIRE(objects.size() == 3);
  CHECK(objects[0]["spec"]["size"] == 5);
  CHECK(objects[2]["status"]["phase"] == "Active");
  CHECK(l.converged("kube_objects", a.state, cfg));

  ApplyResult gone = l.p.apply(ApplyRequest{"kube_objects", a.state, Value(), Value()});
  REQUIRE_MESSAGE(!gone.diags.has_errors(), render_diagnostics(gone.diags, nullptr));
  CHECK(raw_call(l.sb.kubeconfig(), "GET", "/api/v1/namespaces/crd2").status == 404);
  CHECK(raw_call(l.sb.kubeconfig(), "GET",
                 "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.two.example.com")
            .status == 404);
}

TEST_CASE("sandbox: read_many makes one LIST per (kind, namespace)") {
  Live l;
  std::vector<Value> states;
  for (std::string n : {"bulk-a", "bulk-b"}) {
    states.push_back(l.ns(n));
    for (int i = 0; i < 4; ++i)
      states.push_back(
          l.apply("kube_object", Value(),
                  object_config(J(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c)" +
                                  std::to_string(i) + R"(","namespace":")" + n +
                                  R"("},"data":{"k":"v"}})"))));
  }
  raw_call(l.sb.kubeconfig(), "DELETE", "/api/v1/namespaces/bulk-b/configmaps/c3");
  l.lp->wire().clear();
  std::vector<ReadResult> rs = l.p.read_many("kube_object", states);
  REQUIRE(rs.size() == 10);
  for (const ReadResult& r : rs)
    CHECK_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
  CHECK(l.lp->wire().count("GET /api/v1/namespaces/bulk-a/configmaps") == 1);
  CHECK(l.lp->wire().count("GET /api/v1/namespaces/bulk-b/configmaps") == 1);
  CHECK(l.lp->wire().count("GET /api/v1/namespaces") == 3);  // the two above and Namespaces
  CHECK(l.lp->wire().log().size() == 3);
  CHECK(rs[9].state.is_null());
  CHECK(rs[1].state.get("uid")->as_string() == states[1].get("uid")->as_string());
}

TEST_CASE("sandbox: the engine's second plan at apply costs no dry run, a no-op plan none") {
  Live l;
  l.ns("once");
  Value cfg = object_config(J(R"({"apiVersion":"v1","kind":"ConfigMap",
                                  "metadata":{"name":"c","namespace":"once"},"data":{"k":"v"}})"));
  l.lp->wire().clear();
  PlanResult at_plan = l.plan("kube_object", Value(), cfg);
  REQUIRE_MESSAGE(!at_plan.diags.has_errors(), render_diagnostics(at_plan.diags, nullptr));
  PlanResult at_apply = l.plan("kube_object", Value(), cfg);
  CHECK(at_apply.planned == at_plan.planned);
  CHECK(l.lp->wire().count("PATCH") == 1);  // one dry run for both questions
  ApplyResult ar = l.p.apply(ApplyRequest{"kube_object", Value(), at_apply.planned, cfg});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), render_diagnostics(ar.diags, nullptr));
  CHECK(l.lp->wire().count("PATCH") == 2);
  // A third question is asked of the server again (each kept answer serves once).
  CHECK_FALSE(l.plan("kube_object", Value(), cfg).diags.has_errors());
  CHECK(l.lp->wire().count("PATCH") == 3);

  // After a refresh that shows every managed field as configured, planning sends nothing.
  ReadResult rr = l.p.read("kube_object", ar.state);
  l.lp->wire().clear();
  PlanResult noop = l.plan("kube_object", rr.state, cfg);
  CHECK(noop.planned == rr.state);
  CHECK(l.lp->wire().log().empty());
  // A managed field someone changed is drift: that plan asks for a dry run again.
  raw_call(l.sb.kubeconfig(), "PATCH", "/api/v1/namespaces/once/configmaps/c?fieldManager=fedplan",
           R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"w"}})",
           "application/apply-patch+yaml");
  rr = l.p.read("kube_object", ar.state);
  l.lp->wire().clear();
  PlanResult update = l.plan("kube_object", rr.state, cfg);
  CHECK(update.planned != rr.state);
  CHECK(l.lp->wire().count("PATCH") == 1);
}

TEST_CASE("sandbox: import adopts an object, the first apply takes its fields") {
  Live l;
  l.ns("imp");
  auto made = raw_call(l.sb.kubeconfig(), "POST", "/api/v1/namespaces/imp/configmaps",
                       R"({"apiVersion":"v1","kind":"ConfigMap",
                          "metadata":{"name":"old"},"data":{"a":"1"}})");
  REQUIRE(made.status == 201);
  ReadResult r = l.p.import("kube_object", "v1/ConfigMap/imp/old");
  REQUIRE_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
  CHECK(JS(*r.state.get("manifest")) == json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
                        "metadata":{"name":"old","namespace":"imp"},"data":{"a":"1"}})"));
  Value cfg = object_config(J(R"({"apiVersion":"v1","kind":"ConfigMap",
                                  "metadata":{"name":"old","namespace":"imp"},
                                  "data":{"a":"1"}})"));
  CHECK(l.plan("kube_object", r.state, cfg).planned == r.state);
  r = l.p.import("kube_object", "v1/Namespace//imp");
  REQUIRE_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
  CHECK(JS(*r.state.get("object"))["metadata"]["name"] == "imp");
}

TEST_CASE(
    "sandbox: import by group/version/kind/namespace/name, refresh, plan and apply after it") {
  Live l;
  l.ns("imp2");
  auto made = raw_call(l.sb.kubeconfig(), "POST",
                       "/apis/apps/v1/namespaces/imp2/deployments?fieldManager=kubectl-create",
                       R"({"apiVersion":"apps/v1","kind":"Deployment",
                          "metadata":{"name":"web","labels":{"app":"web","team":"a"}},
                          "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                            "template":{"metadata":{"labels":{"app":"web"}},
                              "spec":{"containers":[{"name":"c","image":"nginx:1"}]}}}})");
  REQUIRE_MESSAGE(made.status == 201, made.body.dump());
  ReadResult r = l.p.import("kube_object", "apps/v1/Deployment/imp2/web");
  REQUIRE_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
  json m = JS(*r.state.get("manifest"));
  CHECK(m["apiVersion"] == "apps/v1");
  CHECK(m["metadata"]["namespace"] == "imp2");
  CHECK(m["spec"]["replicas"] == 2);
  CHECK_FALSE(m.contains("status"));
  CHECK_FALSE(m["metadata"].contains("uid"));
  CHECK(r.state.get("uid")->as_string() == made.body["metadata"]["uid"]);
  // The engine refreshes what it imported; that must read the same object back.
  ReadResult again = l.p.read("kube_object", r.state);
  REQUIRE_MESSAGE(!again.diags.has_errors(), render_diagnostics(again.diags, nullptr));
  CHECK(again.state.get("uid")->as_string() == r.state.get("uid")->as_string());

  // A config that sets fewer fields and one new value: the creator owns that field, so the
  // plan takes it back (drift); with force_conflicts it is an update that takes ownership.
  Value manifest = J(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"web","namespace":"imp2","labels":{"app":"web"}},
      "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"c","image":"nginx:1"}]}}}})");
  PlanResult conflict = l.plan("kube_object", again.state, object_config(manifest));
  REQUIRE_MESSAGE(!conflict.diags.has_errors(), render_diagnostics(conflict.diags, nullptr));
  CHECK(conflict.note == "takes .spec.replicas back from manager kubectl-create");
  Value cfg = object_config(manifest, {{"force_conflicts", Value::boolean(true)}});
  PlanResult pr = l.plan("kube_object", again.state, cfg);
  REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
  CHECK(pr.requires_replace.empty());
  CHECK(JS(*pr.planned.get("manifest"))["spec"]["replicas"] == 3);
  ApplyResult ar = l.p.apply(ApplyRequest{"kube_object", again.state, pr.planned, cfg});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), render_diagnostics(ar.diags, nullptr));
  CHECK(JS(*ar.state.get("object"))["spec"]["replicas"] == 3);
  CHECK(JS(*ar.state.get("object"))["metadata"]["labels"]["team"] == "a");  // not fedplan's
  CHECK(l.converged("kube_object", ar.state, cfg));

  CHECK(l.p.import("kube_object", "apps/v1/Deployment/imp2/nope").diags.items[0].detail ==
        "The object does not exist.");
  CHECK(l.p.import("kube_object", "nothing.example.com/v1/Nothing/imp2/x").diags.has_errors());

  // Custom resources the same way: group/version/Kind/namespace/name.
  auto crd =
      raw_call(l.sb.kubeconfig(), "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
               R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.imp.example.com"},
    "spec":{"group":"imp.example.com","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})");
  REQUIRE_MESSAGE(crd.status == 201, crd.body.dump());
  auto w = raw_call(l.sb.kubeconfig(), "POST", "/apis/imp.example.com/v1/namespaces/imp2/widgets",
                    R"({"apiVersion":"imp.example.com/v1","kind":"Widget",
                        "metadata":{"name":"w"},"spec":{"size":4}})");
  REQUIRE_MESSAGE(w.status == 201, w.body.dump());
  ReadResult cr = l.p.import("kube_object", "imp.example.com/v1/Widget/imp2/w");
  REQUIRE_MESSAGE(!cr.diags.has_errors(), render_diagnostics(cr.diags, nullptr));
  CHECK(JS(*cr.state.get("manifest"))["spec"]["size"] == 4);
}

TEST_CASE("sandbox: data sources by kind alone, by name, and by label selector") {
  Live l;
  l.ns("ds");
  for (std::string n : {"one", "two"})
    l.apply("kube_object", Value(),
            object_config(J(R"({"apiVersion":"v1","kind":"ConfigMap",
                               "metadata":{"name":")" +
                            n + R"(","namespace":"ds","labels":{"pick":")" +
                            (n == "one" ? "yes" : "no") + R"("}}})")));
  ReadResult r = l.p.read_data("kube_object", Value::object({{"kind", Value::string("ConfigMap")},
                                                             {"name", Value::string("one")},
                                                             {"namespace", Value::string("ds")}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
  CHECK(r.state.get("api_version")->as_string() == "v1");
  CHECK(JS(*r.state.get("object"))["metadata"]["labels"]["pick"] == "yes");
  r = l.p.read_data("kube_objects", Value::object({{"kind", Value::string("ConfigMap")},
                                                   {"namespace", Value::string("ds")},
                                                   {"label_selector", Value::string("pick=yes")}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
  REQUIRE(r.state.get("objects")->elements().size() == 1);
  CHECK(JS(*r.state.get("objects"))[0]["kind"] == "ConfigMap");
  r = l.p.read_data("kube_objects",
                    Value::object({{"api_version", Value::string("v1")},
                                   {"kind", Value::string("Namespace")},
                                   {"field_selector", Value::string("metadata.name=ds")}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), render_diagnostics(r.diags, nullptr));
  CHECK(r.state.get("objects")->elements().size() == 1);
}

TEST_CASE("sandbox: deleting a namespace waits until it has finished terminating") {
  Live l;
  Value s = l.ns("doomed");
  l.apply("kube_object", Value(), object_config(J(R"({"apiVersion":"v1","kind":"ConfigMap",
                             "metadata":{"name":"x","namespace":"doomed"}})")));
  auto before = std::chrono::steady_clock::now();
  ApplyResult a = l.p.apply(ApplyRequest{"kube_object", s, Value(), Value()});
  REQUIRE_MESSAGE(!a.diags.has_errors(), render_diagnostics(a.diags, nullptr));
  CHECK(std::chrono::steady_clock::now() - before >= std::chrono::milliseconds(150));
  CHECK(raw_call(l.sb.kubeconfig(), "GET", "/api/v1/namespaces/doomed").status == 404);
}

}  // namespace
}  // namespace fedplan::kube
