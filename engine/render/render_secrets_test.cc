// Sensitive values appear in no output: a secret is placed everywhere a plan can hold one and
// every format is searched for it, then the same over many randomly shaped plans.
#include <doctest/doctest.h>

#include <random>

#include "engine/render/render.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;

const std::string kSecret = "hunter2-Zq9";

// Every rendering of `p`: text with and without colour, markdown, JSON.
std::vector<std::string> all_outputs(const Plan& p) {
  return {render_text(p, RenderOptions{false}), render_text(p, RenderOptions{true}),
          render_markdown(p, RenderOptions{}), render_json(p, RenderOptions{})};
}

TEST_CASE("a secret in before, after, drift, outputs and variables appears in no format") {
  Value secret = Secret(kSecret);
  Value multi = Secret("line one\n" + kSecret + "\nline three\n");
  Value whole = Obj({{"user", S("admin")}, {"password", S(kSecret)}}).mark_sensitive();
  Value in_list = List({S("public"), Secret(kSecret + "-2")});
  Value obj = Obj({{"token", secret},
                   {"pem", multi},
                   {"creds", whole},
                   {"list", in_list},
                   {"labels", Map({{"k", Secret(kSecret + "-3")}})}});
  Value obj2 = Obj({{"token", Secret(kSecret + "-new")},
                    {"pem", Secret("line one\n" + kSecret + "-new\nline three\n")},
                    {"creds", whole},
                    {"list", List({S("public"), Secret(kSecret + "-4")})},
                    {"labels", Map({{"k", Secret(kSecret + "-5")}})}});
  ResourceChange rep = Change("kube_object.r", Action::DeleteThenCreate, obj, obj2,
                              ActionReason::ReplaceBecauseCannotUpdate);
  rep.replace_paths = {{PathStep::attr("token")},
                       {PathStep::attr("creds"), PathStep::attr("password")}};
  Plan p = PlanOf({Change("kube_object.c", Action::Create, Value(), obj),
                   Change("kube_object.u", Action::Update, obj, obj2),
                   Change("kube_object.d", Action::Delete, obj2, Value()),
                   Change("data.kube_object.rd", Action::Read, Value(), obj), rep,
                   Change("kube_object.n", Action::NoOp, obj, obj)});
  p.drift = {Drift{Addr("kube_object.u"), Provider("kube.mesh1"), obj2, obj},
             Drift{Addr("kube_object.g"), Provider("kube.mesh1"), obj, Value()}};
  p.outputs = {OutputChange{"flagged", Action::Update, S(kSecret), S(kSecret + "x"), true},
               OutputChange{"marked", Action::Create, Value(), secret},
               OutputChange{"nested", Action::Update, obj, obj2},
               OutputChange{"gone", Action::Delete, S(kSecret), Value(), true}};
  p.variables = {{"password", secret}, {"config", obj}};
  for (const std::string& out : all_outputs(p)) {
    CHECK(out.find("hunter2") == std::string::npos);
    CHECK(out.find("Zq9") == std::string::npos);
  }
  // The values are there to be hidden: the plain parts still render.
  CHECK(render_text(p, RenderOptions{}).find("(sensitive value)") != std::string::npos);
  CHECK(render_text(p, RenderOptions{}).find("\"public\"") != std::string::npos);
}

// A random value of depth up to `depth`, with secrets (marked sensitive) at random places.
Value random_value(std::mt19937& rng, int depth, int* serial) {
  std::uniform_int_distribution<int> pick(0, depth > 0 ? 7 : 3);
  auto secret = [&] { return Secret(kSecret + std::to_string((*serial)++)); };
  switch (pick(rng)) {
    case 0:
      return secret();
    case 1:
      return S("plain" + std::to_string(rng() % 5));
    case 2:
      return rng() % 2 ? Unknown() : N(static_cast<double>(rng() % 7));
    case 3:
      return Secret("a\n" + kSecret + "\nb");
    case 4:
    case 5: {
      ValueMap m;
      int n = static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i)
        m.emplace("k" + std::to_string(rng() % 6), random_value(rng, depth - 1, serial));
      Value v = rng() % 2 ? Value::object(std::move(m)) : Value::map(std::move(m));
      return rng() % 5 == 0 ? v.mark_sensitive() : v;
    }
    default: {
      ValueList l;
      int n = static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i) l.push_back(random_value(rng, depth - 1, serial));
      Value v = Value::list(std::move(l));
      return rng() % 5 == 0 ? v.mark_sensitive() : v;
    }
  }
}

// A random object whose attributes hold plain text that contains the secret only when marked.
Value random_object(std::mt19937& rng, int* serial) {
  ValueMap m;
  int n = 1 + static_cast<int>(rng() % 5);
  for (int i = 0; i < n; ++i)
    m.emplace("a" + std::to_string(rng() % 7), random_value(rng, 3, serial));
  return Value::object(std::move(m));
}

TEST_CASE("random plans never print a sensitive value in any format") {
  std::mt19937 rng(20240611);
  const Action actions[] = {Action::Create, Action::Update, Action::DeleteThenCreate,
                            Action::CreateThenDelete, Action::Delete};
  for (int round = 0; round < 200; ++round) {
    int serial = 0;
    Plan p = PlanOf({});
    for (int i = 0; i < 4; ++i) {
      Action a = actions[rng() % 5];
      Value before = a == Action::Create ? Value() : random_object(rng, &serial);
      Value after = a == Action::Delete ? Value() : random_object(rng, &serial);
      p.changes.push_back(Change("kube_object.r" + std::to_string(i), a, before, after));
    }
    p.drift = {Drift{Addr("kube_object.r0"), Provider("kube.mesh1"), random_object(rng, &serial),
                     random_object(rng, &serial)}};
    p.outputs = {OutputChange{"o", Action::Update, random_value(rng, 2, &serial),
                              random_value(rng, 2, &serial)}};
    p.variables = {{"v", random_value(rng, 2, &serial)}};
    for (const std::string& out : all_outputs(p)) {
      CAPTURE(round);
      REQUIRE(out.find("hunter2") == std::string::npos);
    }
  }
}

}  // namespace
}  // namespace fedplan
