// A saved plan's drift entries are refreshes of recorded objects, so each must name the object
// its record names: a plan file edited to point a drift at another object (with its digest
// computed again) is refused before any provider is called. Kube objects on a fake cluster.
#include <doctest/doctest.h>

#include "base/testing/fake_clock.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/saved_plan.h"
#include "lang/value_json.h"
#include "providers/kube/testing/fake_cluster.h"
#include "state/state_json.h"
#include "tests/engine/testing/engine_rig.h"

using namespace fedplan;
using nlohmann::json;

namespace {

const char* kConfig = R"(
provider "kube" {
  host  = "https://fake.test"
  token = "t"
}
resource "kube_object" "cm" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "a", namespace = "default" }
    data       = { k = "v" }
  }
}
)";

// The engine rig with the kube provider on a fake cluster, holding ConfigMap default/a (applied
// by fedplan, then changed by hand) and kube-system/victim, which fedplan never managed.
struct KubeRig : fedplan::testing::EngineRig {
  std::shared_ptr<kube::testing::FakeCluster> cluster =
      std::make_shared<kube::testing::FakeCluster>();
  FakeClock clock;

  KubeRig() {
    registry.add("kube", [this] {
      return make_kube_provider(kube::testing::fake_provider_options(cluster, clock));
    });
    write(kConfig);
    REQUIRE(apply().ok());
    json cm = cluster->object("v1", "ConfigMap", "default", "a");
    cm["data"]["k"] = "changed by hand";
    cluster->put(cm);
    cluster->put({{"apiVersion", "v1"},
                  {"kind", "ConfigMap"},
                  {"metadata", {{"name", "victim"}, {"namespace", "kube-system"}}}});
  }

  // A destroy plan, saved to a file and read back, as `plan -destroy -out` and `apply FILE`.
  Plan saved_destroy(const std::function<void(Plan&)>& edit) {
    LoadedConfig cfg;
    REQUIRE(load(cfg));
    ProviderSet providers(registry);
    State s = state();
    PlanOptions destroy;
    destroy.destroy = true;
    Plan p = make_plan(cfg, s, state_digest(s), providers, destroy, {}, diags);
    REQUIRE(!diags.has_errors());
    REQUIRE(p.drift.size() == 1);
    edit(p);
    std::string err, path = dir / "tfplan";
    REQUIRE(write_plan_file(path, p, &err));  // the file digest is computed again
    std::optional<Plan> read = read_plan_file(path, &err);
    REQUIRE_MESSAGE(read, err);
    return *read;
  }

  // What `apply FILE` does: load and check the saved plan, then apply it. The refusal, or "".
  std::string apply_saved(const Plan& saved) {
    LoadedConfig cfg;
    Diagnostics d;
    State s = state();
    if (!load_saved_plan(saved, s, registry, {}, cfg, d)) return d.items.at(0).detail;
    ProviderSet providers(registry);
    apply_plan(cfg, saved, s, backend, providers, ApplyOptions{}, d);
    return "";
  }
};

// `v` (a kube_object state) with its manifest and live object renamed to ns/name.
Value renamed(const Value& v, const std::string& ns, const std::string& name) {
  json j = to_json(v);
  for (const char* part : {"manifest", "object"}) {
    j[part]["metadata"]["namespace"] = ns;
    j[part]["metadata"]["name"] = name;
  }
  return from_json(j);
}

}  // namespace

TEST_CASE("a saved plan whose drift names another kube object is refused before any call") {
  KubeRig r;
  Plan saved = r.saved_destroy([](Plan& p) {
    Value victim = renamed(p.drift[0].live, "kube-system", "victim");
    p.drift[0].live = victim;
    p.changes.at(0).before = victim;
  });
  r.cluster->clear_log();
  std::string why = r.apply_saved(saved);
  CHECK(why.find(r.dir / "tfplan") != std::string::npos);
  CHECK(why.find("drift[0].live: names another object than the state records for "
                 "kube_object.cm (namespace is \"kube-system\", but the record's is "
                 "\"default\")") != std::string::npos);
  CHECK(r.cluster->log().empty());
  CHECK(!r.cluster->object("v1", "ConfigMap", "kube-system", "victim").is_null());
  CHECK(!r.cluster->object("v1", "ConfigMap", "default", "a").is_null());
}

TEST_CASE("a saved plan with a true drift of a kube object is applied") {
  KubeRig r;
  Plan saved = r.saved_destroy([](Plan&) {});
  CHECK(r.apply_saved(saved) == "");
  CHECK(r.cluster->object("v1", "ConfigMap", "default", "a").is_null());
  CHECK(!r.cluster->object("v1", "ConfigMap", "kube-system", "victim").is_null());
}
