// Tests of firewalld_zone (create, adopt, drift, delete) and of the firewalld_zone data source
// through the Provider interface, against the fake firewall-cmd.
#include <doctest/doctest.h>

#include "lang/testing/values.h"

#include <algorithm>

#include "providers/firewalld/firewalld_provider.h"
#include "providers/firewalld/testing/fake_firewall.h"
#include "providers/firewalld/testing/provider_steps.h"

namespace fedplan::firewalld {
namespace {

using fedplan::testing::str;

using testing::attr;
using testing::converge;
using testing::diag_text;
using testing::FakeFirewall;
using testing::FakeZone;
using testing::host_attr;
using testing::refresh;

const char kZone[] = "firewalld_zone";

Value str_list(std::vector<std::string> v) {
  ValueList l;
  for (const std::string& s : v) l.push_back(str(s));
  return Value::list(l);
}

struct ZoneSetup {
  std::shared_ptr<FakeFirewall> fake = std::make_shared<FakeFirewall>();
  std::unique_ptr<Provider> p = make_firewalld_provider(fake);

  explicit ZoneSetup(std::vector<std::string> hosts = {}) {
    ValueMap config;
    if (!hosts.empty()) config = {{"transport", str("ssh")}, {"hosts", str_list(hosts)}};
    Diagnostics d = p->configure(Value::object(config));
    REQUIRE_MESSAGE(!d.has_errors(), diag_text(d));
  }

  FakeZone* zone(const std::string& host, const std::string& name) {
    auto& zones = fake->host(host).zones;
    auto it = zones.find(name);
    return it == zones.end() ? nullptr : &it->second;
  }

  // How many times a host was told to reload.
  int reloads() const {
    auto calls = fake->calls();
    return static_cast<int>(std::count_if(calls.begin(), calls.end(), [](const auto& c) {
      return std::find(c.words.begin(), c.words.end(), "--reload") != c.words.end();
    }));
  }
};

Value fed_zone() {
  return Value::object({{"name", str("fed")},
                        {"target", str("DROP")},
                        {"description", str("federation gateways: it's \"ours\"; $(no)")},
                        {"sources", str_list({"10.1.0.0/16", "192.168.122.0/24"})},
                        {"interfaces", str_list({"virbr9"})}});
}

TEST_CASE("a new zone is created permanently, reloaded into the runtime, and deleted again") {
  ZoneSetup s;
  Value state = converge(*s.p, kZone, Value(), fed_zone());
  FakeZone* z = s.zone("local", "fed");
  REQUIRE(z);
  CHECK(z->in_runtime);  // the reload brought it to the runtime
  CHECK(z->target == "DROP");
  CHECK(z->description == "federation gateways: it's \"ours\"; $(no)");
  CHECK(z->permanent.sources == std::set<std::string>{"10.1.0.0/16", "192.168.122.0/24"});
  CHECK(z->runtime.sources == z->permanent.sources);
  CHECK(z->runtime.interfaces == std::set<std::string>{"virbr9"});
  CHECK(s.reloads() == 1);
  CHECK(attr(state, "id") == str("fed"));
  CHECK(attr(state, "adopted") == Value::boolean(false));
  CHECK(host_attr(state, "local", "exists") == Value::boolean(true));

  Value read = refresh(*s.p, kZone, state);
  CHECK(read == state);
  CHECK(testing::plans_noop(*s.p, kZone, read, fed_zone()));

  CHECK(converge(*s.p, kZone, read, Value()).is_null());
  CHECK(s.zone("local", "fed") == nullptr);
  CHECK(s.reloads() == 2);
}

TEST_CASE("an existing zone is adopted: settings applied, never deleted, own sources removed") {
  ZoneSetup s;
  s.fake->host("local").zones["libvirt"].permanent.sources = {"10.9.0.0/16"};
  s.fake->host("local").zones["libvirt"].runtime.sources = {"10.9.0.0/16"};
  Value config = Value::object(
      {{"name", str("libvirt")}, {"sources", str_list({"10.9.0.0/16", "10.8.0.0/16"})}});
  Value state = converge(*s.p, kZone, Value(), config);
  CHECK(attr(state, "adopted") == Value::boolean(true));
  CHECK(host_attr(state, "local", "preexisting_sources") == Value::set({str("10.9.0.0/16")}));
  CHECK(s.zone("local", "libvirt")->runtime.sources.count("10.8.0.0/16"));
  CHECK(s.reloads() == 0);  // nothing that needs one: the runtime got the source directly

  CHECK(converge(*s.p, kZone, state, Value()).is_null());
  FakeZone* z = s.zone("local", "libvirt");
  REQUIRE(z);  // adopted: still there
  CHECK(z->permanent.sources == std::set<std::string>{"10.9.0.0/16"});
  CHECK(z->runtime.sources == std::set<std::string>{"10.9.0.0/16"});
  CHECK(z->runtime.services.count("ssh"));
}

TEST_CASE("a resumed create takes a zone a killed run made as fedplan's, and delete removes it") {
  ZoneSetup s;
  FakeZone made;  // what the killed run left: the zone, its sources
  made.target = "DROP";
  made.permanent.sources = made.runtime.sources = {"10.1.0.0/16"};
  s.fake->host("local").zones["fed"] = made;
  Value config = Value::object({{"name", str("fed")}, {"sources", str_list({"10.1.0.0/16"})}});
  PlanResult plan = s.p->plan_change({kZone, Value(), config});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), diag_text(plan.diags));
  ApplyRequest req{kZone, Value(), plan.planned, config};
  req.resumed = true;
  ApplyResult r = s.p->apply(req);
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(attr(r.state, "adopted") == Value::boolean(false));

  CHECK(converge(*s.p, kZone, r.state, Value()).is_null());
  CHECK(s.zone("local", "fed") == nullptr);
}

TEST_CASE("the read of a killed run's create finds its zone as fedplan's, and delete removes it") {
  ZoneSetup s;
  FakeZone made;  // what the killed run left
  made.permanent.sources = made.runtime.sources = {"10.1.0.0/16"};
  s.fake->host("local").zones["fed"] = made;
  // The create's intent: the planned values, those known only after apply null.
  Value intent = Value::object({{"name", str("fed")}, {"sources", str_list({"10.1.0.0/16"})}});
  ReadResult found = s.p->read_pending(kZone, intent);
  REQUIRE_MESSAGE(!found.diags.has_errors(), diag_text(found.diags));
  CHECK(attr(found.state, "adopted") == Value::boolean(false));
  CHECK(attr(s.p->read(kZone, intent).state, "adopted") == Value::boolean(true));  // a refresh's
  CHECK(converge(*s.p, kZone, found.state, Value()).is_null());
  CHECK(s.zone("local", "fed") == nullptr);
  CHECK(s.p->read_pending(kZone, intent).state.is_null());  // gone now
}

TEST_CASE("zone drift: target, description and sources changed by hand are put back") {
  ZoneSetup s;
  Value state = converge(*s.p, kZone, Value(), fed_zone());
  s.zone("local", "fed")->target = "ACCEPT";
  s.zone("local", "fed")->description = "edited";
  s.zone("local", "fed")->permanent.sources.erase("10.1.0.0/16");
  Value read = refresh(*s.p, kZone, state);
  CHECK(attr(read, "target") == str("ACCEPT"));
  CHECK(attr(read, "description") == str("edited"));
  CHECK(attr(read, "sources") == Value::set({str("192.168.122.0/24")}));
  PlanResult plan = s.p->plan_change({kZone, read, fed_zone()});
  CHECK(plan.requires_replace.empty());
  CHECK(plan.planned != read);
  Value fixed = converge(*s.p, kZone, read, fed_zone());
  CHECK(s.zone("local", "fed")->target == "DROP");
  CHECK(s.zone("local", "fed")->description == "federation gateways: it's \"ours\"; $(no)");
  CHECK(s.zone("local", "fed")->permanent.sources.count("10.1.0.0/16"));
  CHECK(refresh(*s.p, kZone, fixed) == fixed);

  // Dropping a source from the config unbinds it; a source bound by hand is no drift.
  s.zone("local", "fed")->permanent.sources.insert("10.7.0.0/16");
  CHECK(refresh(*s.p, kZone, fixed) == fixed);
  Value fewer = Value::object({{"name", str("fed")}, {"sources", str_list({"10.1.0.0/16"})}});
  converge(*s.p, kZone, fixed, fewer);
  CHECK(s.zone("local", "fed")->permanent.sources ==
        std::set<std::string>{"10.1.0.0/16", "10.7.0.0/16"});
}

TEST_CASE("a zone deleted by hand on one host is recreated there, deleted everywhere is gone") {
  ZoneSetup s({"a", "b"});
  Value state = converge(*s.p, kZone, Value(), fed_zone());
  s.fake->host("b").zones.erase("fed");
  Value read = refresh(*s.p, kZone, state);
  CHECK(host_attr(read, "b:22", "exists") == Value::boolean(false));
  CHECK(host_attr(read, "a:22", "exists") == Value::boolean(true));
  PlanResult plan = s.p->plan_change({kZone, read, fed_zone()});
  CHECK(plan.requires_replace.empty());
  CHECK_FALSE(attr(plan.planned, "hosts").known());
  Value fixed = converge(*s.p, kZone, read, fed_zone());
  REQUIRE(s.zone("b", "fed"));
  CHECK(s.zone("b", "fed")->target == "DROP");
  CHECK(s.zone("b", "fed")->permanent.interfaces.count("virbr9"));
  CHECK(host_attr(fixed, "b:22", "exists") == Value::boolean(true));

  s.fake->host("a").zones.erase("fed");
  s.fake->host("b").zones.erase("fed");
  CHECK(refresh(*s.p, kZone, fixed).is_null());
}

TEST_CASE("zone: the name forces replacement, settings update in place") {
  ZoneSetup s;
  Value state = converge(*s.p, kZone, Value(), fed_zone());
  PlanResult renamed = s.p->plan_change({kZone, state, Value::object({{"name", str("fed2")}})});
  REQUIRE(renamed.requires_replace.size() == 1);
  CHECK(path_to_string(renamed.requires_replace[0]) == ".name");
  PlanResult retarget = s.p->plan_change(
      {kZone, state, Value::object({{"name", str("fed")}, {"target", str("REJECT")}})});
  CHECK(retarget.requires_replace.empty());
  Value updated = converge(*s.p, kZone, state,
                           Value::object({{"name", str("fed")}, {"target", str("REJECT")}}));
  CHECK(s.zone("local", "fed")->target == "%%REJECT%%");
  CHECK(attr(refresh(*s.p, kZone, updated), "target") == str("REJECT"));
  // Unset sources: fedplan unbinds the ones it bound.
  CHECK(s.zone("local", "fed")->permanent.sources.empty());
}

TEST_CASE("zone values are checked before any command, hostile text stays inert over ssh") {
  ZoneSetup s({"127.0.0.1"});
  std::vector<Value> bad = {
      Value::object({{"name", str("fed;reboot")}}),
      Value::object({{"name", str("$(id)")}}),
      Value::object({{"name", str("averyveryverylongname")}}),
      Value::object({{"name", str("fed")}, {"target", str("ACCEPT; id")}}),
      Value::object({{"name", str("fed")}, {"description", str("two\nlines")}}),
      Value::object({{"name", str("fed")}, {"sources", str_list({"10.0.0.0/8; reboot"})}}),
      Value::object({{"name", str("fed")}, {"sources", str_list({"$(id)"})}}),
      Value::object({{"name", str("fed")}, {"interfaces", str_list({"eth0 x"})}}),
      Value::object({{"name", str("fed")}, {"interfaces", str_list({"-eth0"})}}),
      Value::object({{"target", str("DROP")}}),
  };
  for (const Value& config : bad) {
    CHECK_MESSAGE(s.p->validate(kZone, config).has_errors(), debug_string(config));
    CHECK(s.p->plan_change({kZone, Value(), config}).diags.has_errors());
    CHECK(s.p->apply({kZone, Value(), config, config}).diags.has_errors());
  }
  CHECK(s.fake->call_count() == 0);

  // Free text goes through the remote shell quoted: the fake ssh refuses any line a shell
  // would interpret, and the description arrives byte for byte.
  std::string text = "it's `id` $(touch /tmp/x); \"q\" \\ * ~ !";
  converge(*s.p, kZone, Value(), Value::object({{"name", str("fed")}, {"description", str(text)}}));
  CHECK(s.zone("127.0.0.1", "fed")->description == text);
}

TEST_CASE("zone import owns the zone as found, the data source shows what the host has") {
  ZoneSetup s;
  FakeZone& lv = s.fake->host("local").zones["libvirt"];
  lv.runtime.ports = {"31000/tcp", "30000-30010/udp"};
  lv.permanent.ports = {"31000/tcp"};
  lv.runtime.sources = lv.permanent.sources = {"10.2.0.0/16"};

  ReadResult imported = s.p->import(kZone, "libvirt");
  REQUIRE_MESSAGE(!imported.diags.has_errors(), diag_text(imported.diags));
  CHECK(attr(imported.state, "target") == str("ACCEPT"));
  CHECK(attr(imported.state, "sources") == Value::set({str("10.2.0.0/16")}));
  CHECK(attr(imported.state, "adopted") == Value::boolean(false));
  CHECK(s.p->import(kZone, "nope").diags.has_errors());
  CHECK(s.p->import(kZone, "a b").diags.has_errors());

  ReadResult runtime = s.p->read_data("firewalld_zone", Value::object({{"name", str("libvirt")}}));
  REQUIRE_MESSAGE(!runtime.diags.has_errors(), diag_text(runtime.diags));
  CHECK(attr(runtime.state, "ports") == str_list({"31000/tcp", "30000-30010/udp"}));
  CHECK(attr(runtime.state, "services") == str_list({"ssh"}));
  CHECK(attr(runtime.state, "sources") == str_list({"10.2.0.0/16"}));
  CHECK(attr(runtime.state, "target") == str("ACCEPT"));
  CHECK(attr(attr(attr(runtime.state, "hosts"), "local"), "ports") == attr(runtime.state, "ports"));

  ReadResult permanent = s.p->read_data(
      "firewalld_zone",
      Value::object({{"name", str("libvirt")}, {"permanent", Value::boolean(true)}}));
  CHECK(attr(permanent.state, "ports") == str_list({"31000/tcp"}));

  ReadResult missing = s.p->read_data("firewalld_zone", Value::object({{"name", str("nope")}}));
  REQUIRE(missing.diags.has_errors());
  CHECK(missing.diags.items[0].summary ==
        "firewalld on local: zone \"nope\" does not exist (INVALID_ZONE)");
  CHECK(s.p->read_data("firewalld_zone", Value::object({{"name", str("x;y")}})).diags.has_errors());
  ReadResult later = s.p->read_data("firewalld_zone",
                                    Value::object({{"name", Value::unknown(ValueKind::String)}}));
  CHECK_FALSE(later.diags.has_errors());
  CHECK_FALSE(later.state.known());
}

TEST_CASE("the data source reads every host") {
  ZoneSetup s({"a", "b"});
  s.fake->host("b").zones["libvirt"].runtime.ports = {"31000/tcp"};
  ReadResult r = s.p->read_data("firewalld_zone", Value::object({{"name", str("libvirt")}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(attr(r.state, "ports") == str_list({}));  // the first host's view
  CHECK(attr(attr(attr(r.state, "hosts"), "b:22"), "ports") == str_list({"31000/tcp"}));
}

}  // namespace
}  // namespace fedplan::firewalld
