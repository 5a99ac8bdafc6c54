// The text renderer against golden texts: each action and reason in Terraform's words, the
// legend, the summary, outputs, drift, the empty plans, and colour only when asked for.
#include <doctest/doctest.h>

#include "engine/render/render.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;

std::string text(const Plan& p) {
  return render_text(p, RenderOptions{});
}

// The part of the text between "following actions:" and the "Plan:" line.
std::string actions(const Plan& p) {
  std::string t = text(p);
  size_t start = t.find("following actions:\n");
  size_t end = t.find("\nPlan: ");
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  start += std::string("following actions:\n").size();
  return t.substr(start, end - start);
}

// The horizontal rule that closes the drift section.
std::string Rule() {
  std::string r;
  for (int i = 0; i < 77; ++i) r += "\u2500";
  return r;
}

Value Peer(const std::string& name) {
  return Obj({{"kind", S("ServiceMeshPeer")}, {"name", S(name)}, {"port", N(15443)}});
}

TEST_CASE("create: the whole object with + markers, then the summary") {
  Plan p = PlanOf({Change("kube_object.peer[\"mesh2\"]", Action::Create, Value(),
                          Obj({{"name", S("mesh2")}, {"port", N(15443)}, {"uid", Unknown()}}))});
  CHECK(text(p) == R"(fedplan used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

fedplan will perform the following actions:

  # kube_object.peer["mesh2"] will be created
  + resource "kube_object" "peer" {
      + name = "mesh2"
      + port = 15443
      + uid  = (known after apply)
    }

Plan: 1 to add, 0 to change, 0 to destroy.
)");
}

TEST_CASE("update in-place: nested changes with hidden-unchanged counts") {
  Value before = Obj({{"id", S("a1")},
                      {"manifest", Obj({{"kind", S("ServiceMeshControlPlane")},
                                        {"spec", Obj({{"version", S("v2.4")},
                                                      {"gateways", Obj({{"enabled", B(true)}})},
                                                      {"tracing", S("none")}})}})},
                      {"wait", Obj({{"condition", S("Ready")}})}});
  Value after = Obj({{"id", S("a1")},
                     {"manifest", Obj({{"kind", S("ServiceMeshControlPlane")},
                                       {"spec", Obj({{"version", S("v2.5")},
                                                     {"gateways", Obj({{"enabled", B(true)}})},
                                                     {"tracing", S("none")}})}})},
                     {"wait", Obj({{"condition", S("Ready")}})}});
  Plan p = PlanOf({Change("module.cp.kube_object.smcp", Action::Update, before, after)});
  CHECK(actions(p) == R"(
  # module.cp.kube_object.smcp will be updated in-place
  ~ resource "kube_object" "smcp" {
        id       = "a1"
      ~ manifest = {
            kind = "ServiceMeshControlPlane"
          ~ spec = {
              ~ version = "v2.4" -> "v2.5"
                # (2 unchanged attributes hidden)
            }
        }
        # (1 unchanged attribute hidden)
    }
)");
  CHECK(text(p).find("  ~ update in-place\n") != std::string::npos);
  CHECK(text(p).find("Plan: 0 to add, 1 to change, 0 to destroy.\n") != std::string::npos);
}

TEST_CASE("replace, destroy first: -/+ with forces replacement on the immutable path") {
  ResourceChange ch = Change("kube_object.gw", Action::DeleteThenCreate,
                             Obj({{"id", S("svc-1")}, {"type", S("NodePort")}, {"port", N(1)}}),
                             Obj({{"id", Unknown()}, {"type", S("LoadBalancer")}, {"port", N(1)}}),
                             ActionReason::ReplaceBecauseCannotUpdate);
  ch.replace_paths = {{PathStep::attr("type")}};
  Plan p = PlanOf({ch});
  CHECK(actions(p) == R"(
  # kube_object.gw must be replaced
-/+ resource "kube_object" "gw" {
      ~ id   = "svc-1" -> (known after apply)
      ~ type = "NodePort" -> "LoadBalancer" # forces replacement
        # (1 unchanged attribute hidden)
    }
)");
  CHECK(text(p).find("-/+ destroy and then create replacement\n") != std::string::npos);
  CHECK(text(p).find("Plan: 1 to add, 0 to change, 1 to destroy.\n") != std::string::npos);
}

TEST_CASE("replace, create first: +/- with the marker on a nested path") {
  ResourceChange ch = Change("kube_object.lb", Action::CreateThenDelete,
                             Obj({{"spec", Obj({{"subnet", S("a")}, {"name", S("lb")}})}}),
                             Obj({{"spec", Obj({{"subnet", S("b")}, {"name", S("lb")}})}}),
                             ActionReason::ReplaceBecauseCannotUpdate, "openstack_lb.cloud");
  ch.replace_paths = {{PathStep::attr("spec"), PathStep::attr("subnet")}};
  Plan p = PlanOf({ch});
  CHECK(actions(p) == R"(
  # kube_object.lb must be replaced
+/- resource "kube_object" "lb" {
      ~ spec = {
            name   = "lb"
          ~ subnet = "a" -> "b" # forces replacement
        }
    }
)");
  CHECK(text(p).find("+/- create replacement and then destroy\n") != std::string::npos);
}

TEST_CASE("replace requested with -replace says so in the heading") {
  Plan p = PlanOf({Change("kube_object.gw", Action::DeleteThenCreate, Peer("a"), Peer("a"),
                          ActionReason::ReplaceByRequest)});
  CHECK(actions(p) == R"(
  # kube_object.gw will be replaced, as requested
-/+ resource "kube_object" "gw" {
        kind = "ServiceMeshPeer"
        name = "a"
        # (1 unchanged attribute hidden)
    }
)");
}

TEST_CASE("destroy: every attribute goes to null, with the reason in Terraform's words") {
  // An address, the reason it is deleted, and the line that must say so.
  struct Case {
    std::string addr;
    ActionReason reason;
    std::string line;
  };
  std::vector<Case> cases = {
      {"kube_object.peer", ActionReason::DeleteBecauseNoResourceConfig,
       "  # (because kube_object.peer is not in configuration)\n"},
      {"module.fed.kube_object.peer", ActionReason::DeleteBecauseNoResourceConfig,
       "  # (because kube_object.peer is not in configuration)\n"},
      {"module.fed.kube_object.peer", ActionReason::DeleteBecauseNoModule,
       "  # (because module.fed is not in configuration)\n"},
      {"kube_object.peer[2]", ActionReason::DeleteBecauseCountIndex,
       "  # (because index [2] is out of range for count)\n"},
      {"kube_object.peer[\"mesh3\"]", ActionReason::DeleteBecauseEachKey,
       "  # (because key [\"mesh3\"] is not in for_each map)\n"},
      {"kube_object.peer", ActionReason::DeleteBecauseWrongRepetition,
       "  # (because resource uses count or for_each)\n"},
      {"kube_object.peer[0]", ActionReason::DeleteBecauseWrongRepetition,
       "  # (because resource does not use count)\n"},
      {"kube_object.peer[\"a\"]", ActionReason::DeleteBecauseWrongRepetition,
       "  # (because resource does not use for_each)\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.addr);
    Plan p = PlanOf({Change(c.addr, Action::Delete, Peer("mesh3"), Value(), c.reason)});
    CHECK(actions(p) == "\n  # " + c.addr + " will be destroyed\n" + c.line +
                            R"(  - resource "kube_object" "peer" {
      - kind = "ServiceMeshPeer" -> null
      - name = "mesh3" -> null
      - port = 15443 -> null
    }
)");
  }
  Plan plain = PlanOf({Change("kube_object.peer", Action::Delete, Peer("x"), Value())});
  CHECK(actions(plain).find("(because") == std::string::npos);
  CHECK(text(plain).find("Plan: 0 to add, 0 to change, 1 to destroy.\n") != std::string::npos);
}

TEST_CASE("read during apply: <= data block, its reason, and no count in the summary") {
  Plan p = PlanOf({Change("data.kube_object.ca", Action::Read, Value(),
                          Obj({{"name", S("istio-ca-root-cert")}, {"data", Unknown()}}),
                          ActionReason::ReadBecauseDependencyPending)});
  CHECK(text(p) == R"(fedplan used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
 <= read (data resources)

fedplan will perform the following actions:

  # data.kube_object.ca will be read during apply
  # (depends on a resource or a module with changes pending)
 <= data "kube_object" "ca" {
      + data = (known after apply)
      + name = "istio-ca-root-cert"
    }

Plan: 0 to add, 0 to change, 0 to destroy.
)");
  p.changes[0].reason = ActionReason::ReadBecauseConfigUnknown;
  CHECK(text(p).find("  # (config refers to values not yet known)\n") != std::string::npos);
}

TEST_CASE("no-op changes and data sources already read are left out") {
  Plan p = PlanOf({Change("kube_object.same", Action::NoOp, Peer("a"), Peer("a")),
                   Change("data.kube_object.ca", Action::NoOp, Value(), Peer("b")),
                   Change("kube_object.new", Action::Create, Value(), Peer("c"))});
  std::string t = text(p);
  CHECK(t.find("kube_object.same") == std::string::npos);
  CHECK(t.find("kube_object.ca") == std::string::npos);
  CHECK(t.find("# kube_object.new will be created") != std::string::npos);
}

TEST_CASE("changes are listed by address and the provider's note is a comment line") {
  ResourceChange b = Change("kube_object.b", Action::Create, Value(), Peer("b"));
  b.note = "planned without the cluster: mesh2 was unreachable";
  Plan p = PlanOf({b, Change("kube_object.a[10]", Action::Create, Value(), Peer("a10")),
                   Change("kube_object.a[2]", Action::Create, Value(), Peer("a2"))});
  std::string t = text(p);
  size_t a2 = t.find("# kube_object.a[2] will"), a10 = t.find("# kube_object.a[10] will"),
         bb = t.find("# kube_object.b will");
  CHECK(a2 < a10);
  CHECK(a10 < bb);
  CHECK(t.find("  # kube_object.b will be created\n"
               "  # planned without the cluster: mesh2 was unreachable\n"
               "  + resource \"kube_object\" \"b\" {\n") != std::string::npos);
}

TEST_CASE("a create the provider plans with adopt = true is shown as an adoption") {
  ResourceChange take = Change("kube_object.old", Action::Create, Value(),
                               Value::object({{"adopt", Value::boolean(true)}}));
  ResourceChange fresh = Change("kube_object.new", Action::Create, Value(),
                                Value::object({{"adopt", Value::boolean(false)}}));
  std::string t = text(PlanOf({take, fresh}));
  CHECK(t.find("  # kube_object.old will be adopted\n") != std::string::npos);
  CHECK(t.find("  # kube_object.new will be created\n") != std::string::npos);
  CHECK(t.find("Plan: 2 to add, 0 to change, 0 to destroy.") != std::string::npos);
}

TEST_CASE("output changes follow the summary") {
  Plan p = PlanOf({Change("kube_object.a", Action::Create, Value(), Peer("a"))});
  p.outputs = {OutputChange{"mesh1_address", Action::Create, Value(), S("10.0.0.1")},
               OutputChange{"gateway_port", Action::Update, N(31000), N(31001)},
               OutputChange{"old", Action::Delete, S("x"), Value()},
               OutputChange{"same", Action::NoOp, S("y"), S("y")}};
  std::string t = text(p);
  CHECK(t.substr(t.find("Plan: ")) == R"(Plan: 1 to add, 0 to change, 0 to destroy.

Changes to Outputs:
  ~ gateway_port  = 31000 -> 31001
  + mesh1_address = "10.0.0.1"
  - old           = "x" -> null
)");
}

TEST_CASE("a plan that changes only outputs says it can be applied to save them") {
  Plan p = PlanOf({Change("kube_object.a", Action::NoOp, Peer("a"), Peer("a"))});
  p.outputs = {OutputChange{"port", Action::Update, N(1), N(2)}};
  CHECK(text(p) == R"(Changes to Outputs:
  ~ port = 1 -> 2

You can apply this plan to save these new output values to the fedplan
state, without changing any real infrastructure.
)");
}

TEST_CASE("no changes, and no changes when destroying") {
  Plan p = PlanOf({Change("kube_object.a", Action::NoOp, Peer("a"), Peer("a"))});
  CHECK(text(p) == R"(No changes. Your infrastructure matches the configuration.

fedplan has compared your real infrastructure against your configuration
and found no differences, so no changes are needed.
)");
  Plan d = PlanOf({});
  d.destroy = true;
  CHECK(text(d).rfind("No changes. No objects need to be destroyed.\n", 0) == 0);
}

TEST_CASE("drift comes first: changed and deleted objects, recorded -> live") {
  Plan p = PlanOf({Change("kube_object.a", Action::Update, Obj({{"replicas", N(3)}}),
                          Obj({{"replicas", N(2)}}))});
  p.drift = {Drift{Addr("kube_object.gone"), Provider("kube.mesh1"), Peer("g"), Value()},
             Drift{Addr("kube_object.a"), Provider("kube.mesh1"),
                   Obj({{"replicas", N(2)}, {"name", S("a")}}),
                   Obj({{"replicas", N(3)}, {"name", S("a")}})}};
  std::string t = text(p);
  CHECK(t.substr(0, t.find("fedplan used the selected")) ==
        R"(Note: Objects have changed outside of fedplan

fedplan detected the following changes made outside of fedplan since the
last "fedplan apply" which may have affected this plan:

  # kube_object.a has changed
  ~ resource "kube_object" "a" {
        name     = "a"
      ~ replicas = 2 -> 3
    }

  # kube_object.gone has been deleted
  - resource "kube_object" "gone" {
      - kind = "ServiceMeshPeer" -> null
      - name = "g" -> null
      - port = 15443 -> null
    }

Unless you have made equivalent changes to your configuration, or ignored the
relevant attributes using ignore_changes, the following plan may include
actions to undo or respond to these changes.

)" + Rule() +
            "\n\n");
}

TEST_CASE("drift with nothing to do still ends with no changes") {
  Plan p = PlanOf({});
  p.drift = {Drift{Addr("kube_object.gone"), Provider("kube.mesh1"), Peer("g"), Value()}};
  std::string t = text(p);
  CHECK(t.find("# kube_object.gone has been deleted") != std::string::npos);
  CHECK(t.find("No changes. Your infrastructure matches the configuration.") != std::string::npos);
}

TEST_CASE("colour only when asked: green create, yellow update, red destroy, cyan read") {
  Plan p = PlanOf({Change("kube_object.a", Action::Create, Value(), Peer("a")),
                   Change("kube_object.b", Action::Update, Peer("b"), Peer("c")),
                   Change("kube_object.c", Action::Delete, Peer("c"), Value()),
                   Change("data.kube_object.d", Action::Read, Value(), Peer("d"))});
  ResourceChange r = Change("kube_object.e", Action::DeleteThenCreate, Peer("e"), Peer("f"));
  r.replace_paths = {{PathStep::attr("name")}};
  p.changes.push_back(r);
  std::string plain = render_text(p, RenderOptions{false});
  CHECK(plain.find('\x1b') == std::string::npos);
  std::string color = render_text(p, RenderOptions{true});
  CHECK(color.find("  \x1b[32m+\x1b[0m resource \"kube_object\" \"a\"") != std::string::npos);
  CHECK(color.find("  \x1b[33m~\x1b[0m resource \"kube_object\" \"b\"") != std::string::npos);
  CHECK(color.find("  \x1b[31m-\x1b[0m resource \"kube_object\" \"c\"") != std::string::npos);
  CHECK(color.find(" \x1b[36m<=\x1b[0m data \"kube_object\" \"d\"") != std::string::npos);
  CHECK(color.find("\x1b[31m-\x1b[0m/\x1b[32m+\x1b[0m resource \"kube_object\" \"e\"") !=
        std::string::npos);
  CHECK(color.find("\x1b[31m# forces replacement\x1b[0m") != std::string::npos);
  CHECK(color.find("\x1b[1mPlan:\x1b[0m 2 to add, 1 to change, 2 to destroy.") !=
        std::string::npos);
}

}  // namespace
}  // namespace fedplan
