// Tests of EncodedCache: what it takes is the state's text, an unchanged instance keeps its
// encoded entry from one take to the next, and a changed one is encoded again.
#include "engine/apply/encoded_cache.h"

#include <doctest/doctest.h>

#include <map>

using namespace fedplan;

namespace {

InstanceState record(const std::string& address, const std::string& value) {
  std::string err;
  InstanceState s;
  s.addr = *parse_instance(address, &err);
  s.provider = *parse_provider("null", &err);
  s.attributes = {{"id", value}};
  return s;
}

// A fresh state with null_resource.n[0..2].
State three_records() {
  State s = State::fresh();
  for (int i = 0; i < 3; ++i)
    s.set(record("null_resource.n[" + std::to_string(i) + "]", "v" + std::to_string(i)));
  return s;
}

}  // namespace

TEST_CASE("the cache re-encodes only the instances changed since the last take") {
  State s = three_records();
  EncodedCache cache;
  EncodedState first = cache.take(s);
  CHECK(assemble_state(first) == encode_state(s));

  // A change that is not announced would be missed: the cache trusts changed().
  s.set(record("null_resource.n[1]", "changed"));
  cache.changed(*parse_instance("null_resource.n[1]", nullptr));
  s.remove(*parse_instance("null_resource.n[2]", nullptr));
  cache.changed(*parse_instance("null_resource.n[2]", nullptr));
  s.depose(*parse_instance("null_resource.n[0]", nullptr));
  s.set(record("null_resource.n[0]", "new"));
  cache.changed(*parse_instance("null_resource.n[0]", nullptr));
  s.set(record("null_resource.m", "added"));
  cache.changed(*parse_instance("null_resource.m", nullptr));
  EncodedState second = cache.take(s);
  CHECK(assemble_state(second) == encode_state(s));

  // Nothing changed: every entry is the one taken before.
  EncodedState third = cache.take(s);
  REQUIRE(third.resources.size() == second.resources.size());
  size_t instances = s.instances.size();
  for (size_t i = 0; i < instances; ++i) CHECK(third.resources[i] == second.resources[i]);
  CHECK(assemble_state(third) == encode_state(s));
}

TEST_CASE("the changes taken are the entries set or removed since the last take") {
  State s = three_records();
  EncodedCache cache;
  cache.take(s);

  auto addr = [](const std::string& a) { return *parse_instance(a, nullptr); };
  std::string key = s.depose(addr("null_resource.n[0]"));
  s.set(record("null_resource.n[0]", "new"));
  cache.changed(addr("null_resource.n[0]"));
  s.remove(addr("null_resource.n[2]"));
  cache.changed(addr("null_resource.n[2]"));
  s.pending[addr("null_resource.p")] = record("null_resource.p", "planned");
  cache.changed(addr("null_resource.p"));
  EncodedChanges c = cache.take_changes(s);
  REQUIRE(c.pending.size() == 1);
  CHECK(*c.pending[0].text == encode_instance(s.pending.begin()->second));
  CHECK(c.head.lineage == s.lineage);
  std::map<std::string, std::string> got;  // "address deposed" -> text, "" when removed
  for (const auto& e : c.entries) got[e.addr.to_string() + " " + e.deposed] = e.text ? *e.text : "";
  std::map<std::string, std::string> want = {
      {"null_resource.n[0] ", encode_instance(*s.find(addr("null_resource.n[0]")))},
      {"null_resource.n[2] ", ""},
      {"null_resource.n[0] " + key,
       encode_instance(s.deposed.at(DeposedKey{addr("null_resource.n[0]"), key}), key)},
  };
  CHECK(got == want);

  // Nothing changed since: no entries. Then the deposed object and the intent go; the
  // intent's instance was never recorded, so there is no entry to remove for it.
  EncodedChanges none = cache.take_changes(s);
  CHECK(none.entries.empty());
  CHECK(none.pending.empty());
  s.deposed.clear();
  s.pending.clear();
  cache.changed(addr("null_resource.p"));
  EncodedChanges gone = cache.take_changes(s);
  REQUIRE(gone.entries.size() == 1);
  CHECK(gone.entries[0].deposed == key);
  CHECK_FALSE(gone.entries[0].text);
  REQUIRE(gone.pending.size() == 1);
  CHECK(gone.pending[0].addr == addr("null_resource.p"));
  CHECK_FALSE(gone.pending[0].text);
  // A whole take after changes is still the state's text.
  CHECK(assemble_state(cache.take(s)) == encode_state(s));
}
