// Tests of the in-memory state: lookups, prefix selection, and the `state mv` rules.
// Addresses are written as users type them and parsed, so the tests read like commands.
#include "state/state.h"

#include <doctest/doctest.h>

#include "state/uuid.h"

namespace fedplan {
namespace {

InstanceAddr addr(const std::string& text) {
  std::string err;
  auto a = parse_instance(text, &err);
  REQUIRE_MESSAGE(a, err);
  return *a;
}

TargetAddr target(const std::string& text) {
  std::string err;
  auto t = parse_target(text, &err);
  REQUIRE_MESSAGE(t, err);
  return *t;
}

InstanceState inst(const std::string& text, std::vector<std::string> deps = {},
                   const std::string& provider = "kube.mesh1") {
  InstanceState s;
  s.addr = addr(text);
  std::string err;
  s.provider = *parse_provider(provider, &err);
  s.attributes = {{"name", text}};
  for (const std::string& d : deps) s.dependencies.push_back(addr(d));
  return s;
}

std::vector<std::string> names(const std::vector<InstanceAddr>& addrs) {
  std::vector<std::string> out;
  for (const auto& a : addrs) out.push_back(a.to_string());
  return out;
}

State sample() {
  State s = State::fresh();
  for (const char* a : {"kube_object.ns", "kube_object.peer[\"b\"]", "kube_object.peer[\"a\"]",
                        "data.kube_object.ca", "module.fed.kube_object.gw[1]",
                        "module.fed.kube_object.gw[0]", "module.fed.module.inner.firewalld_zone.z",
                        "module.fedx.kube_object.other", "firewalld_zone.public"})
    s.set(inst(a));
  return s;
}

TEST_CASE("a fresh state has a random version-4 lineage and serial 0") {
  State a = State::fresh(), b = State::fresh();
  CHECK(looks_like_uuid(a.lineage));
  CHECK(a.lineage[14] == '4');
  CHECK(std::string("89ab").find(a.lineage[19]) != std::string::npos);
  CHECK(a.lineage != b.lineage);
  CHECK(a.serial == 0);
  CHECK(a.instances.empty());
}

TEST_CASE("find, set and remove work by address") {
  State s = sample();
  REQUIRE(s.find(addr("kube_object.peer[\"a\"]")));
  CHECK(s.find(addr("kube_object.peer[\"a\"]"))->attributes["name"] == "kube_object.peer[\"a\"]");
  CHECK_FALSE(s.find(addr("kube_object.peer[\"c\"]")));
  InstanceState replaced = inst("kube_object.ns");
  replaced.attributes = {{"name", "changed"}};
  s.set(replaced);
  CHECK(s.find(addr("kube_object.ns"))->attributes["name"] == "changed");
  CHECK(s.remove(addr("kube_object.ns")));
  CHECK_FALSE(s.remove(addr("kube_object.ns")));
  CHECK_FALSE(s.find(addr("kube_object.ns")));
}

TEST_CASE("list is sorted: root first, managed before data, numeric keys by number") {
  State s = sample();
  s.set(inst("module.fed.kube_object.gw[10]"));
  CHECK(names(s.list()) == std::vector<std::string>{
                               "firewalld_zone.public",
                               "kube_object.ns",
                               "kube_object.peer[\"a\"]",
                               "kube_object.peer[\"b\"]",
                               "data.kube_object.ca",
                               "module.fed.kube_object.gw[0]",
                               "module.fed.kube_object.gw[1]",
                               "module.fed.kube_object.gw[10]",
                               "module.fed.module.inner.firewalld_zone.z",
                               "module.fedx.kube_object.other",
                           });
}

TEST_CASE("select by module, resource and instance, without neighbours sharing a prefix") {
  State s = sample();
  CHECK(names(s.select(target("module.fed"))) ==
        std::vector<std::string>{"module.fed.kube_object.gw[0]", "module.fed.kube_object.gw[1]",
                                 "module.fed.module.inner.firewalld_zone.z"});
  CHECK(names(s.select(target("kube_object.peer"))) ==
        std::vector<std::string>{"kube_object.peer[\"a\"]", "kube_object.peer[\"b\"]"});
  CHECK(names(s.select(target("kube_object.peer[\"b\"]"))) ==
        std::vector<std::string>{"kube_object.peer[\"b\"]"});
  CHECK(s.select(target("kube_object.peer[\"zz\"]")).empty());
  CHECK(s.select(target("module.nothing")).empty());
  CHECK(
      names(s.list({target("kube_object.ns"), target("module.fedx"), target("kube_object.ns")})) ==
      std::vector<std::string>{"kube_object.ns", "module.fedx.kube_object.other"});
}

TEST_CASE("mv renames one instance and rewrites dependencies on it") {
  State s = sample();
  s.set(inst("kube_object.user", {"kube_object.peer[\"a\"]", "kube_object.peer"}));
  auto r = move_in_state(s, target("kube_object.peer[\"a\"]"), target("kube_object.peer[\"c\"]"));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.moved.size() == 1);
  CHECK_FALSE(s.find(addr("kube_object.peer[\"a\"]")));
  REQUIRE(s.find(addr("kube_object.peer[\"c\"]")));
  CHECK(s.find(addr("kube_object.peer[\"c\"]"))->addr == addr("kube_object.peer[\"c\"]"));
  CHECK(s.find(addr("kube_object.peer[\"c\"]"))->attributes["name"] == "kube_object.peer[\"a\"]");
  // The resource as a whole did not move, so a dependency on it stays.
  CHECK(names(s.find(addr("kube_object.user"))->dependencies) ==
        std::vector<std::string>{"kube_object.peer[\"c\"]", "kube_object.peer"});
}

TEST_CASE("mv of a resource moves every instance with its key, also into a module") {
  State s = sample();
  s.set(inst("kube_object.user", {"kube_object.peer"}));
  auto r = move_in_state(s, target("kube_object.peer"), target("module.m.kube_object.mesh"));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(names(s.select(target("module.m"))) ==
        std::vector<std::string>{"module.m.kube_object.mesh[\"a\"]",
                                 "module.m.kube_object.mesh[\"b\"]"});
  CHECK(s.select(target("kube_object.peer")).empty());
  CHECK(names(s.find(addr("kube_object.user"))->dependencies) ==
        std::vector<std::string>{"module.m.kube_object.mesh"});

  r = move_in_state(s, target("kube_object.ns"), target("module.m"));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(s.find(addr("module.m.kube_object.ns")));
}

TEST_CASE("mv of an unkeyed resource to a keyed instance, as when count is added") {
  State s = sample();
  auto r = move_in_state(s, target("kube_object.ns"), target("kube_object.ns[0]"));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(s.find(addr("kube_object.ns[0]")));
  CHECK_FALSE(s.find(addr("kube_object.ns")));
  // And back: an instance to the bare resource address means the unkeyed instance.
  r = move_in_state(s, target("kube_object.ns[0]"), target("kube_object.ns"));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(s.find(addr("kube_object.ns")));
  // A resource with keyed instances cannot be squeezed into one instance.
  r = move_in_state(s, target("kube_object.peer"), target("kube_object.peer2[0]"));
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("name the one to move") != std::string::npos);
}

TEST_CASE("mv of a module prefix moves everything below it, providers included") {
  State s = sample();
  s.set(inst("module.fed.kube_object.cm", {"module.fed.kube_object.gw", "kube_object.ns"},
             "module.fed.kube.local"));
  auto r = move_in_state(s, target("module.fed"), target("module.federation[\"east\"]"));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.moved.size() == 4);
  CHECK(s.select(target("module.fed")).empty());
  CHECK(names(s.select(target("module.federation[\"east\"]"))) ==
        std::vector<std::string>{
            "module.federation[\"east\"].kube_object.cm",
            "module.federation[\"east\"].kube_object.gw[0]",
            "module.federation[\"east\"].kube_object.gw[1]",
            "module.federation[\"east\"].module.inner.firewalld_zone.z",
        });
  const InstanceState* cm = s.find(addr("module.federation[\"east\"].kube_object.cm"));
  REQUIRE(cm);
  CHECK(cm->provider.to_string() == "module.federation[\"east\"].kube.local");
  CHECK(names(cm->dependencies) ==
        std::vector<std::string>{"module.federation[\"east\"].kube_object.gw", "kube_object.ns"});
  // module.fedx shares the text prefix "module.fed" but is another module.
  CHECK(s.find(addr("module.fedx.kube_object.other")));
}

TEST_CASE("mv refuses occupied destinations, type changes, self-nesting and missing sources") {
  State s = sample();
  State before = s;
  auto check_refused = [&](const char* from, const char* to, const char* why) {
    auto r = move_in_state(s, target(from), target(to));
    CHECK_FALSE(r.ok());
    CHECK(r.moved.empty());
    CHECK_MESSAGE(r.error.find(why) != std::string::npos, r.error);
  };
  check_refused("kube_object.peer[\"a\"]", "kube_object.peer[\"b\"]", "already in the state");
  check_refused("kube_object.peer", "kube_object.ns", "already in the state");
  check_refused("kube_object.ns", "firewalld_zone.ns", "the type changes");
  check_refused("data.kube_object.ca", "kube_object.ca", "data source");
  check_refused("module.fed", "module.fed.module.sub", "into itself");
  check_refused("module.fed", "module.fed", "same");
  check_refused("module.fed", "module.fedx", "already recorded there");
  check_refused("module.fed", "kube_object.x", "name a module");
  check_refused("kube_object.missing", "kube_object.other", "no object");
  check_refused("module.missing", "module.other", "no objects");
  CHECK(s.list() == before.list());
}

TEST_CASE("mv dry run reports the moves and changes nothing") {
  State s = sample();
  auto r = move_in_state(s, target("module.fed"), target("module.b"), /*dry_run=*/true);
  REQUIRE(r.ok());
  CHECK(r.moved.size() == 3);
  CHECK(s.select(target("module.b")).empty());
  CHECK(s.select(target("module.fed")).size() == 3);
}

}  // namespace
}  // namespace fedplan
