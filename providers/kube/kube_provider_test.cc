// Tests of the kube provider's plan, apply, delete, sensitive values, configuration and schema
// against an in-memory fake API server (the sandbox integration tests cover the real thing).
#include "providers/kube/kube_provider.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "providers/kube/testing/provider_fixture.h"
#include "providers/sdk/attrs.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::diag_text;
using testing::status_reply;
using Fixture = testing::ProviderFixture;

Value V(const char* j) {
  return from_json(json::parse(j));
}

Value cm(const std::string& name, const std::string& value, const std::string& ns = "default") {
  return testing::config_map(name, value, ns);
}

Value config_of(const Value& manifest, ValueMap extra = {}) {
  extra["manifest"] = manifest;
  return Value::object(std::move(extra));
}

TEST_CASE("plan of a new object uses a dry run and leaves computed values unknown") {
  Fixture f;
  PlanResult r = f.plan("kube_object", Value(), config_of(cm("a", "1")));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(r.note.empty());
  CHECK(r.requires_replace.empty());
  CHECK(r.planned.get("manifest")->equal_content(cm("a", "1")));
  CHECK_FALSE(r.planned.get("object")->known());
  CHECK_FALSE(r.planned.get("uid")->known());
  CHECK(f.cluster->count("PATCH /api/v1/namespaces/default/configmaps/a?fieldManager=fedplan&"
                         "dryRun=All") == 1);
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "a").is_null());
}

TEST_CASE("apply creates with server-side apply, the next plan is a no-op") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  CHECK(f.cluster->count("PATCH /api/v1/namespaces/default/configmaps/a?fieldManager=fedplan") ==
        2);  // the dry run and the apply
  json live = f.cluster->object("v1", "ConfigMap", "default", "a");
  REQUIRE(live.is_object());
  CHECK(s.get("uid")->as_string() == live["metadata"]["uid"]);
  CHECK(s.get("object")->get("metadata")->get("resourceVersion"));
  CHECK_FALSE(s.get("object")->get("metadata")->get("managedFields"));
  CHECK(s.get("manifest")->equal_content(cm("a", "1")));
  ReadResult rr = f.p->read("kube_object", s);
  REQUIRE(!rr.diags.has_errors());
  PlanResult again = f.plan("kube_object", rr.state, config_of(cm("a", "1")));
  CHECK(again.planned == rr.state);
  CHECK(again.requires_replace.empty());
}

TEST_CASE("changing an identity field plans a replace") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  PlanResult r = f.plan("kube_object", s, config_of(cm("b", "1")));
  REQUIRE(r.requires_replace.size() == 1);
  CHECK(path_to_string(r.requires_replace[0]) == ".manifest.metadata.name");
  CHECK_FALSE(r.planned.get("uid")->known());
  r = f.plan("kube_object", s, config_of(cm("a", "1", "other")));
  REQUIRE(r.requires_replace.size() == 1);
  CHECK(path_to_string(r.requires_replace[0]) == ".manifest.metadata.namespace");
  Value moved = cm("a", "1");
  moved = from_json([&] {
    json j = to_json(moved);
    j["apiVersion"] = "example.com/v1";
    j["kind"] = "Thing";
    return j;
  }());
  r = f.plan("kube_object", s, config_of(moved));
  CHECK(r.requires_replace.size() == 2);
  // An unknown name may change: replace too.
  Value unknown_name =
      Value::object({{"apiVersion", Value::string("v1")},
                     {"kind", Value::string("ConfigMap")},
                     {"metadata", Value::object({{"name", Value::unknown(ValueKind::String)},
                                                 {"namespace", Value::string("default")}})}});
  r = f.plan("kube_object", s, config_of(unknown_name));
  REQUIRE(r.requires_replace.size() == 1);
  CHECK_FALSE(r.planned.get("object")->known());
}

TEST_CASE("apply of a replace deletes the old object and creates the new one") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  Value s2 = f.apply("kube_object", s, config_of(cm("b", "1")));
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "a").is_null());
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "b").is_object());
  CHECK(f.cluster->count("DELETE /api/v1/namespaces/default/configmaps/a?propagationPolicy="
                         "Foreground") == 1);
  CHECK(s2.get("uid")->as_string() != s.get("uid")->as_string());
}

TEST_CASE("server defaults and normalization never make a diff, drift in managed fields does") {
  Fixture f;
  f.cluster->defaults = [](json& o) {
    if (o["kind"] != "ConfigMap") return;
    o["metadata"]["labels"]["defaulted"] = "yes";  // a field fedplan does not set
    if (o["data"].value("cpu", "") == "1000m") o["data"]["cpu"] = "1";  // a normalized value
  };
  Value m = from_json(json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"q","namespace":"default"},"data":{"cpu":"1000m","k":"v"}})"));
  PlanResult first = f.plan("kube_object", Value(), config_of(m));
  // The dry run shows the value the server will store.
  CHECK(first.planned.get("manifest")->get("data")->get("cpu")->as_string() == "1");
  Value s = f.apply("kube_object", Value(), config_of(m));
  ReadResult rr = f.p->read("kube_object", s);
  PlanResult again = f.plan("kube_object", rr.state, config_of(m));
  CHECK(again.planned == rr.state);

  // Someone else adds a label and changes a field fedplan manages.
  json live = f.cluster->object("v1", "ConfigMap", "default", "q");
  live["metadata"]["labels"]["team"] = "x";
  live["data"]["k"] = "edited";
  f.cluster->put(live);
  rr = f.p->read("kube_object", s);
  CHECK(rr.state.get("manifest")->get("data")->get("k")->as_string() == "edited");
  CHECK_FALSE(rr.state.get("manifest")->get("metadata")->get("labels"));
  PlanResult drift = f.plan("kube_object", rr.state, config_of(m));
  CHECK(drift.planned != rr.state);
  CHECK(drift.planned.get("manifest")->get("data")->get("k")->as_string() == "v");
  CHECK(drift.requires_replace.empty());
}

TEST_CASE("an unreachable cluster gives a plan from config alone, and says so once") {
  Fixture f;
  f.cluster->down = true;
  PlanResult r = f.plan("kube_object", Value(), config_of(cm("a", "1")));
  CHECK_FALSE(r.diags.has_errors());
  CHECK(r.note.find("cluster unreachable") != std::string::npos);
  CHECK(r.note.find("planned from config alone") != std::string::npos);
  CHECK(r.planned.get("manifest")->equal_content(cm("a", "1")));
  CHECK_FALSE(r.planned.get("object")->known());
  int requests = static_cast<int>(f.cluster->log().size());
  PlanResult r2 = f.plan("kube_object", Value(), config_of(cm("b", "1")));
  CHECK(r2.note == r.note);
  CHECK(static_cast<int>(f.cluster->log().size()) == requests);  // no second attempt
}

TEST_CASE("a kind the cluster does not serve yet is planned, and apply finds it later") {
  Fixture f;
  Value widget = V(R"({"apiVersion":"example.com/v1","kind":"Widget",
                      "metadata":{"name":"w","namespace":"default"},"spec":{"size":3}})");
  PlanResult r = f.plan("kube_object", Value(), config_of(widget));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(r.note.find("kind Widget (example.com/v1) is not served by the cluster yet") !=
        std::string::npos);
  CHECK_FALSE(r.planned.get("object")->known());
  f.cluster->serve({"example.com/v1", "Widget", "widgets", true});  // the CRD was applied
  ApplyResult a = f.p->apply(ApplyRequest{"kube_object", Value(), r.planned, config_of(widget)});
  REQUIRE_MESSAGE(!a.diags.has_errors(), diag_text(a.diags));
  CHECK(a.state.get("object")->get("spec")->get("size")->as_number() == 3);
}

TEST_CASE("apply of a kind that never appears fails with a hint") {
  Fixture f;
  Value widget = V(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}})");
  ApplyResult a =
      f.p->apply(ApplyRequest{"kube_object", Value(), config_of(widget), config_of(widget)});
  REQUIRE(a.diags.has_errors());
  CHECK(a.diags.items[0].summary == "Unknown kind Widget");
  CHECK(a.diags.items[0].detail.find("CustomResourceDefinition") != std::string::npos);
}

TEST_CASE("a namespace that does not exist yet is not an error at plan time") {
  Fixture f;
  PlanResult r = f.plan("kube_object", Value(), config_of(cm("a", "1", "later")));
  CHECK_FALSE(r.diags.has_errors());
  CHECK(r.note.find("namespace \"later\" does not exist yet") != std::string::npos);
}

// Answers a non-forced PATCH with a 409 naming `field` as owned by `manager`.
void conflict_on(Fixture& f, const std::string& field, const std::string& manager) {
  json details = {{"causes",
                   {{{"reason", "FieldManagerConflict"},
                     {"message", "conflict with \"" + manager + "\" using v1"},
                     {"field", field}}}}};
  f.cluster->intercept = [=](const HttpRequest& req) -> std::optional<HttpResponse> {
    // Only a body that still sets the field (data key "k") conflicts, as on a real server.
    if (req.method == "PATCH" && req.url.find("force=true") == std::string::npos &&
        req.body.find("\"k\"") != std::string::npos)
      return status_reply(
          409, "Conflict",
          "Apply failed with 1 conflict: conflict with \"" + manager + "\" using v1: " + field,
          details);
    return std::nullopt;
  };
}

TEST_CASE("a field another manager took is drift the plan takes back, not an error") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  conflict_on(f, ".data.k", "kubectl-patch");
  f.cluster->clear_log();
  PlanResult r = f.plan("kube_object", s, config_of(cm("a", "2")));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(r.note == "takes .data.k back from manager kubectl-patch");
  CHECK(to_json(*r.planned.get("taken_fields")) ==
        json::parse(R"([{"object":"","field":".data.k","manager":"kubectl-patch"}])"));
  // The dry run, then the forced dry run that shows what apply will store.
  CHECK(f.cluster->count("PATCH") == 2);
  CHECK(f.cluster->count("PATCH /api/v1/namespaces/default/configmaps/a?fieldManager=fedplan&"
                         "force=true&dryRun=All") == 1);
  ApplyResult ar = f.p->apply(ApplyRequest{"kube_object", s, r.planned, config_of(cm("a", "2"))});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), diag_text(ar.diags));
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "a")["data"]["k"] == "2");
  CHECK(f.cluster->count("PATCH /api/v1/namespaces/default/configmaps/a?fieldManager=fedplan&"
                         "force=true") == 2);
}

TEST_CASE("apply forces only the fields the plan showed: a new conflict asks for a new plan") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  PlanResult r = f.plan("kube_object", s, config_of(cm("a", "2")));
  REQUIRE(r.planned.get("taken_fields")->is_null());
  conflict_on(f, ".data.k", "kubectl-patch");
  ApplyResult ar = f.p->apply(ApplyRequest{"kube_object", s, r.planned, config_of(cm("a", "2"))});
  REQUIRE(ar.diags.has_errors());
  CHECK(ar.diags.items[0].summary.find("Field conflict not in the plan") == 0);
  CHECK(ar.diags.items[0].detail.find(".data.k (manager kubectl-patch)") != std::string::npos);
  CHECK(f.cluster->count("force=true") == 0);
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "a")["data"]["k"] == "1");
}

TEST_CASE("leave_fields_to leaves a manager's fields out of what fedplan applies") {
  Fixture f;
  Value leave = Value::list({Value::string("hpa-controller")});
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  conflict_on(f, ".data.k", "hpa-controller");
  Value cfg = config_of(cm("a", "2"), {{"leave_fields_to", leave}});
  PlanResult r = f.plan("kube_object", s, cfg);
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(r.note == "leaves .data.k to manager hpa-controller (leave_fields_to)");
  CHECK(r.planned.get("taken_fields")->is_null());
  CHECK_FALSE(to_json(*r.planned.get("manifest"))["data"].contains("k"));
  ApplyResult ar = f.p->apply(ApplyRequest{"kube_object", s, r.planned, cfg});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), diag_text(ar.diags));
  CHECK(f.cluster->count("force=true") == 0);
  CHECK(f.p->validate("kube_object", config_of(cm("a", "1"), {{"leave_fields_to", V("[1]")}}))
            .has_errors());
}

TEST_CASE("a create over an object someone else made stops the plan, naming how to adopt it") {
  Fixture f;
  f.cluster->put(json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"a","namespace":"default",
      "managedFields":[{"manager":"kubectl-create","operation":"Update"}]},"data":{"k":"1"}})"));
  f.cluster->clear_log();
  PlanResult r = f.plan("kube_object", Value(), config_of(cm("a", "1")));
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Object already exists: ConfigMap default/a");
  CHECK(r.diags.items[0].detail.find("its field managers: kubectl-create") != std::string::npos);
  CHECK(r.diags.items[0].detail.find("fedplan import ADDRESS v1/ConfigMap/default/a") !=
        std::string::npos);
  // The dry run said it exists; one read of its managers.
  CHECK(f.cluster->count("GET /api/v1/namespaces/default/configmaps/a") == 1);

  // Asked for, it is an adoption: planned as such, and apply records it.
  Value cfg = config_of(cm("a", "2"), {{"adopt", Value::boolean(true)}});
  PlanResult adopt = f.plan("kube_object", Value(), cfg);
  REQUIRE_MESSAGE(!adopt.diags.has_errors(), diag_text(adopt.diags));
  CHECK(adopt.planned.get("adopt")->as_bool());
  ApplyResult ar = f.p->apply(ApplyRequest{"kube_object", Value(), adopt.planned, cfg});
  REQUIRE_MESSAGE(!ar.diags.has_errors(), diag_text(ar.diags));
  CHECK(ar.state.get("uid")->known());
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "a")["data"]["k"] == "2");
}

TEST_CASE("adopt = true on an object that does not exist plans a plain create") {
  Fixture f;
  PlanResult r =
      f.plan("kube_object", Value(), config_of(cm("a", "1"), {{"adopt", Value::boolean(true)}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK_FALSE(r.planned.get("adopt")->as_bool());
  CHECK(f.cluster->count("GET /api/v1/namespaces/default/configmaps/a") == 0);
}

TEST_CASE("fedplan's own object is no foreign one: a replacement's create plans") {
  Fixture f;
  f.apply("kube_object", Value(), config_of(cm("a", "1")));
  PlanResult r = f.plan("kube_object", Value(), config_of(cm("a", "2")));
  CHECK_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
}

TEST_CASE("a foreign object that appeared after the plan stops the create, unless resumed") {
  Fixture f;
  PlanResult r = f.plan("kube_object", Value(), config_of(cm("a", "1")));
  REQUIRE(!r.diags.has_errors());
  f.cluster->put(json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"a","namespace":"default"},"data":{"k":"theirs"}})"));
  ApplyResult ar =
      f.p->apply(ApplyRequest{"kube_object", Value(), r.planned, config_of(cm("a", "1"))});
  REQUIRE(ar.diags.has_errors());
  CHECK(ar.diags.items[0].summary == "Object already exists: ConfigMap default/a");
  CHECK(ar.state.is_null());
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "a")["data"]["k"] == "theirs");
  // A create a killed run began: what is there is that run's object.
  ApplyRequest resumed{"kube_object", Value(), r.planned, config_of(cm("a", "1"))};
  resumed.resumed = true;
  ar = f.p->apply(resumed);
  REQUIRE_MESSAGE(!ar.diags.has_errors(), diag_text(ar.diags));
  CHECK(f.cluster->object("v1", "ConfigMap", "default", "a")["data"]["k"] == "1");
}

TEST_CASE("a generic 409 is retried and then succeeds") {
  Fixture f;
  int conflicts = 2;
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method == "PATCH" && conflicts > 0) {
      --conflicts;
      return status_reply(409, "Conflict", "the object has been modified; please try again");
    }
    return std::nullopt;
  };
  f.apply("kube_object", Value(), config_of(cm("a", "1")));
  CHECK(f.cluster->count("PATCH") == 4);
  CHECK(f.clock.sleeps().size() >= 2);
}

TEST_CASE("an immutable field found by the dry run plans a replace") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method == "PATCH")
      return status_reply(422, "Invalid", "ConfigMap \"a\" is invalid: data: field is immutable",
                          {{"causes",
                            {{{"reason", "FieldValueInvalid"},
                              {"message", "Invalid value: ...: field is immutable"},
                              {"field", "data"}}}}});
    return std::nullopt;
  };
  PlanResult r = f.plan("kube_object", s, config_of(cm("a", "2")));
  CHECK_FALSE(r.diags.has_errors());
  REQUIRE(r.requires_replace.size() == 1);
  CHECK(path_to_string(r.requires_replace[0]) == ".manifest.data");
}

TEST_CASE("validation errors from the dry run are plan errors, 401 says to check credentials") {
  Fixture f;
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method == "PATCH")
      return status_reply(422, "Invalid", "ConfigMap \"a\" is invalid: data[k]: bad");
    return std::nullopt;
  };
  PlanResult r = f.plan("kube_object", Value(), config_of(cm("a", "1")));
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].detail.find("data[k]: bad (422 Invalid)") != std::string::npos);
  f.cluster->intercept = [&](const HttpRequest&) -> std::optional<HttpResponse> {
    return status_reply(401, "Unauthorized", "Unauthorized");
  };
  r = f.plan("kube_object", Value(), config_of(cm("b", "1")));
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].detail.find("rejected the credentials") != std::string::npos);
}

TEST_CASE("a 422 that quotes a sensitive value or Secret data back shows it redacted") {
  Fixture f;
  const std::string secret = "hunter2-do-not-print";
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method != "PATCH") return std::nullopt;
    std::string echoed =
        json(req.body.find("stringData") != std::string::npos ? secret : secret + "-cm").dump();
    return status_reply(
        422, "Invalid", "x is invalid: data[k]: Invalid value: " + echoed,
        {{"causes", {{{"message", "Invalid value: " + echoed}, {"field", "data"}}}}});
  };
  Value cm_manifest = Value::object(
      {{"apiVersion", Value::string("v1")},
       {"kind", Value::string("ConfigMap")},
       {"metadata", Value::object({{"name", Value::string("a")}})},
       {"data", Value::object({{"k", Value::string(secret + "-cm").mark_sensitive()}})}});
  Value secret_manifest = V(R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                                "stringData": {"k": "hunter2-do-not-print"}})");
  for (const Value& m : {cm_manifest, secret_manifest}) {
    PlanResult r = f.plan("kube_object", Value(), config_of(m));
    REQUIRE(r.diags.has_errors());
    std::string text = diag_text(r.diags);
    CHECK_MESSAGE(text.find("hunter2") == std::string::npos, text);
    CHECK_MESSAGE(text.find("Invalid value: \"(sensitive value)\"") != std::string::npos, text);
    ApplyResult a = f.p->apply(ApplyRequest{"kube_object", Value(), config_of(m), config_of(m)});
    REQUIRE(a.diags.has_errors());
    text = diag_text(a.diags);
    CHECK_MESSAGE(text.find("hunter2") == std::string::npos, text);
  }
}

TEST_CASE("delete is foreground and waits until the object is gone") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), config_of(cm("a", "1")));
  int polls = 0;
  json live = f.cluster->object("v1", "ConfigMap", "default", "a");
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method == "DELETE") return testing::json_reply(200, live);
    if (req.method == "GET" && req.url.find("/configmaps/a") != std::string::npos && ++polls < 3)
      return testing::json_reply(200, live);  // still finalizing
    if (req.method == "GET" && req.url.find("/configmaps/a") != std::string::npos)
      return status_reply(404, "NotFound", "gone");
    return std::nullopt;
  };
  ApplyResult a = f.p->apply(ApplyRequest{"kube_object", s, Value(), Value()});
  REQUIRE_MESSAGE(!a.diags.has_errors(), diag_text(a.diags));
  CHECK(a.state.is_null());
  CHECK(polls == 3);
  // A delete that never finishes times out and keeps the state.
  polls = -1'000'000;
  live["metadata"]["finalizers"] = {"example.com/hold"};
  Value held = sdk::with_attrs(s, {{"delete_timeout", Value::string("5s")}});
  ApplyResult stuck = f.p->apply(ApplyRequest{"kube_object", held, Value(), Value()});
  REQUIRE(stuck.diags.has_errors());
  CHECK(stuck.diags.items[0].summary.find("Timed out deleting") == 0);
  CHECK(stuck.diags.items[0].detail.find("finalizers: example.com/hold") != std::string::npos);
  CHECK(stuck.state == held);
}

TEST_CASE("Secret data and sensitive manifest values stay marked sensitive") {
  Fixture f;
  Value secret =
      Value::object({{"apiVersion", Value::string("v1")},
                     {"kind", Value::string("Secret")},
                     {"metadata", Value::object({{"name", Value::string("s")}})},
                     {"stringData", Value::object({{"password", Value::string("hunter2")}})}});
  Value s = f.apply("kube_object", Value(), Value::object({{"manifest", secret}}));
  CHECK(s.get("manifest")->get("stringData")->sensitive());
  CHECK(s.get("object")->get("data")->sensitive());
  Value labelled =
      Value::object({{"apiVersion", Value::string("v1")},
                     {"kind", Value::string("ConfigMap")},
                     {"metadata", Value::object({{"name", Value::string("c")}})},
                     {"data", Value::object({{"token", Value::string("abc").mark_sensitive()}})}});
  Value s2 = f.apply("kube_object", Value(), Value::object({{"manifest", labelled}}));
  CHECK(s2.get("manifest")->get("data")->get("token")->sensitive());
  CHECK(s2.get("object")->get("data")->get("token")->sensitive());
  ReadResult rr = f.p->read("kube_object", s2);
  CHECK(rr.state.get("manifest")->get("data")->get("token")->sensitive());
}

TEST_CASE("configure: in_cluster reads the service-account directory and variables it is given") {
  fedplan::testing::TempDir sa;
  sa.write("token", "t");
  sa.write("ca.crt", "not pem");
  KubeProviderOptions o;
  o.kubeconfig.env =
      env_from_map({{"KUBERNETES_SERVICE_HOST", "127.0.0.1"}, {"KUBERNETES_SERVICE_PORT", "1"}});
  o.service_account_dir = sa.path();
  Diagnostics d =
      make_kube_provider(o)->configure(Value::object({{"in_cluster", Value::boolean(true)}}));
  REQUIRE(d.has_errors());
  CHECK(d.items[0].summary == "Cannot set up HTTPS to the cluster");
  CHECK(d.items[0].detail.find("(from the in-cluster service account (" + sa.path() + "))") !=
        std::string::npos);
  sa.write("ca.crt", "");
  o.kubeconfig.env = env_from_map({});
  d = make_kube_provider(o)->configure(Value::object({{"in_cluster", Value::boolean(true)}}));
  REQUIRE(d.has_errors());
  CHECK(d.items[0].detail.find("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be "
                               "set") != std::string::npos);
}

TEST_CASE("configure errors: no cluster, both kinds of settings, bad kubeconfig") {
  KubeProviderOptions o;
  auto err = [&](Value config) {
    Diagnostics d = make_kube_provider(o)->configure(config);
    REQUIRE(d.has_errors());
    return d.items[0].summary + ": " + d.items[0].detail;
  };
  CHECK(err(Value::object({})).find("No cluster configured") == 0);
  CHECK(err(Value::object(
                {{"kubeconfig", Value::string("/x")}, {"host", Value::string("https://h")}}))
            .find("Conflicting cluster settings") == 0);
  CHECK(err(Value::object({{"kubeconfig", Value::string("/nonexistent/kc")}})) ==
        "Invalid kubeconfig: kubeconfig: cannot read /nonexistent/kc: No such file or directory");
  CHECK(err(Value::object({{"host", Value::string("h:1")}})).find("Invalid host") == 0);
  CHECK(err(Value::object(
                {{"host", Value::string("https://h")}, {"in_cluster", Value::boolean(true)}}))
            .find("Conflicting cluster settings") == 0);
  CHECK(err(Value::object({{"host", Value::string("https://h")}, {"user", Value::string("u")}})) ==
        "Conflicting cluster settings: context, cluster and user go with a kubeconfig, not with "
        "host or in_cluster.");
  CHECK(err(Value::object({{"in_cluster", Value::boolean(true)}, {"token", Value::string("t")}})) ==
        "Conflicting cluster settings: token goes with host; with in_cluster the credentials are "
        "the pod's service account.");
  CHECK(
      err(Value::object({{"host", Value::string("https://h")}, {"max_parallel", Value::number(0)}}))
          .find("Invalid max_parallel") == 0);
  CHECK(err(Value::object(
                {{"host", Value::string("https://h")}, {"ca_cert", Value::string("not pem")}}))
            .find("Cannot set up HTTPS to the cluster") == 0);
}

TEST_CASE("types the provider does not have are refused") {
  Fixture f;
  PlanResult r = f.p->plan_change(PlanRequest{"kube_thing", Value(), Value::object({})});
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Unknown type kube_thing");
  const ProviderSchema& s = f.p->schema();
  CHECK(s.resource("kube_object")->attribute("object")->computed);
  CHECK(s.resource("kube_object")->block("wait"));
  CHECK(s.data_source("kube_objects")->attribute("label_selector"));
}

}  // namespace
}  // namespace fedplan::kube
