// The kube provider's ownership rules against a real fedplan-sandbox: creates never land on
// objects others made (kube_object and each kube_objects element), adopt takes them over,
// and fields others took are planned back with exactly those fields forced at apply.
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

Value OwnJson(const std::string& text) {
  return from_json(json::parse(text));
}

struct Owned {
  testing::SandboxProcess& sb = shared_sandbox();
  std::unique_ptr<LiveProvider> lp =
      live_provider(Value::object({{"kubeconfig", Value::string(sb.kubeconfig())}}));
  Provider& p = *lp->provider;

  Owned() {
    REQUIRE_MESSAGE(!lp->configure_diags.has_errors(),
                    render_diagnostics(lp->configure_diags, nullptr));
  }
  PlanResult plan(const std::string& type, const Value& prior, const Value& config) {
    return p.plan_change(PlanRequest{type, prior, config});
  }
  Value apply(const std::string& type, const Value& prior, const Value& config) {
    PlanResult pr = plan(type, prior, config);
    REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
    ApplyResult ar = p.apply(ApplyRequest{type, prior, pr.planned, config});
    REQUIRE_MESSAGE(!ar.diags.has_errors(), render_diagnostics(ar.diags, nullptr));
    return ar.state;
  }
  void ns(const std::string& name) {
    apply("kube_object", Value(),
          Value::object({{"manifest", OwnJson(R"({"apiVersion":"v1","kind":"Namespace",
                                           "metadata":{"name":")" +
                                              name + "\"}}")}}));
  }
  // A ConfigMap made by "kubectl create" (an Update with that field manager).
  void made_by_hand(const std::string& ns, const std::string& name) {
    auto r = raw_call(sb.kubeconfig(), "POST",
                      "/api/v1/namespaces/" + ns + "/configmaps?fieldManager=kubectl-create",
                      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
                          R"("},"data":{"k":"theirs"}})");
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
  }
};

std::string cm_json(const std::string& ns, const std::string& name, const std::string& v) {
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
         R"(","namespace":")" + ns + R"("},"data":{"k":")" + v + R"("}})";
}

TEST_CASE("sandbox: a create over kubectl's object stops the plan with no write, adopt takes it") {
  Owned o;
  o.ns("own1");
  o.made_by_hand("own1", "theirs");
  Value cfg = Value::object({{"manifest", OwnJson(cm_json("own1", "theirs", "mine"))}});
  o.lp->wire().clear();
  PlanResult r = o.plan("kube_object", Value(), cfg);
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Object already exists: ConfigMap own1/theirs");
  CHECK(r.diags.items[0].detail.find("(context") != std::string::npos);
  CHECK(r.diags.items[0].detail.find("v1/ConfigMap/own1/theirs") != std::string::npos);
  // The dry run (which conflicts on the creator's field), the forced dry run, one GET.
  CHECK(o.lp->wire().count("PATCH") == 2);
  CHECK(o.lp->wire().count("GET /api/v1/namespaces/own1/configmaps/theirs") == 1);
  CHECK(raw_call(o.sb.kubeconfig(), "GET", "/api/v1/namespaces/own1/configmaps/theirs")
            .body["data"]["k"] == "theirs");

  Value adopt = Value::object(
      {{"manifest", OwnJson(cm_json("own1", "theirs", "mine"))}, {"adopt", Value::boolean(true)}});
  PlanResult pr = o.plan("kube_object", Value(), adopt);
  REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
  CHECK(pr.planned.get("adopt")->as_bool());
  CHECK(pr.note == "takes .data.k back from manager kubectl-create");
  ApplyResult ar = o.p.apply(ApplyRequest{"kube_object", Value(), pr.planned, adopt});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), render_diagnostics(ar.diags, nullptr));
  CHECK(raw_call(o.sb.kubeconfig(), "GET", "/api/v1/namespaces/own1/configmaps/theirs")
            .body["data"]["k"] == "mine");
}

TEST_CASE("sandbox: kube_objects checks each new element and names taken fields per object") {
  Owned o;
  o.ns("own2");
  o.made_by_hand("own2", "b");
  Value list = Value::object({{"manifests", OwnJson("[" + cm_json("own2", "a", "1") + "," +
                                                    cm_json("own2", "b", "1") + "]")}});
  PlanResult r = o.plan("kube_objects", Value(), list);
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Object already exists: ConfigMap own2/b");
  CHECK(raw_call(o.sb.kubeconfig(), "GET", "/api/v1/namespaces/own2/configmaps/a").status == 404);

  Value one = Value::object({{"manifests", OwnJson("[" + cm_json("own2", "a", "1") + "]")}});
  Value s = o.apply("kube_objects", Value(), one);
  auto other = raw_call(o.sb.kubeconfig(), "PATCH",
                        "/api/v1/namespaces/own2/configmaps/a?fieldManager=kubectl-patch",
                        R"({"data":{"k":"2"}})", "application/merge-patch+json");
  REQUIRE_MESSAGE(other.status == 200, other.body.dump());
  ReadResult rr = o.p.read("kube_objects", s);
  PlanResult pr = o.plan("kube_objects", rr.state, one);
  REQUIRE_MESSAGE(!pr.diags.has_errors(), render_diagnostics(pr.diags, nullptr));
  CHECK(pr.note == "ConfigMap \"own2/a\" (v1): takes .data.k back from manager kubectl-patch");
  CHECK(to_json(*pr.planned.get("taken_fields")) ==
        json::parse(R"([{"object":"v1/ConfigMap/own2/a","field":".data.k",
                         "manager":"kubectl-patch"}])"));
  ApplyResult ar = o.p.apply(ApplyRequest{"kube_objects", rr.state, pr.planned, one});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), render_diagnostics(ar.diags, nullptr));
  CHECK(raw_call(o.sb.kubeconfig(), "GET", "/api/v1/namespaces/own2/configmaps/a")
            .body["data"]["k"] == "1");
}

}  // namespace
}  // namespace fedplan::kube
