// Tests of the plan-time checks of the firewalld hosts, on the fake firewall-cmd: unreachable
// hosts and missing zones fail the plan once each, and a healthy host costs one --state.
#include <doctest/doctest.h>

#include "lang/testing/values.h"
#include "providers/firewalld/firewalld_provider.h"
#include "providers/firewalld/testing/fake_firewall.h"
#include "providers/firewalld/testing/provider_steps.h"

namespace fedplan::firewalld {
namespace {

using fedplan::testing::str;
using testing::diag_text;
using testing::FakeFirewall;

// A provider over ssh to the given hosts on the fake.
struct PreflightSetup {
  std::shared_ptr<FakeFirewall> fake;
  std::unique_ptr<Provider> p;

  explicit PreflightSetup(std::vector<std::string> hosts,
                          std::shared_ptr<FakeFirewall> shared = nullptr)
      : fake(shared ? shared : std::make_shared<FakeFirewall>()), p(make_firewalld_provider(fake)) {
    ValueList hs;
    for (const std::string& h : hosts) hs.push_back(str(h));
    Diagnostics d = p->configure(Value::object(
        {{"transport", str("ssh")}, {"hosts", Value::list(hs)}, {"user", str("root")}}));
    REQUIRE_MESSAGE(!d.has_errors(), diag_text(d));
  }

  PlanResult plan_port(const std::string& zone, const std::string& port) {
    return p->plan_change(
        {"firewalld_port", Value(), Value::object({{"zone", str(zone)}, {"port", str(port)}})});
  }

  size_t calls_with(const std::string& word) const {
    size_t n = 0;
    for (const auto& c : fake->calls())
      for (const std::string& w : c.words)
        if (w == word) ++n;
    return n;
  }
};

TEST_CASE("a plan whose firewalld host is unreachable fails once, naming the host") {
  PreflightSetup s({"a.example", "b.example"});
  s.fake->host("b.example").ssh_down = true;
  PlanResult first = s.plan_port("libvirt", "31000");
  REQUIRE(first.diags.has_errors());
  REQUIRE(first.diags.size() == 1);
  CHECK(first.diags.items[0].summary ==
        "firewalld on root@b.example:22 is not reachable at plan time");
  CHECK(first.diags.items[0].detail.find("identity_file") != std::string::npos);
  CHECK(first.diags.items[0].detail.find("half-applied") != std::string::npos);
  // One report per problem: the next resource of the same plan says nothing more.
  PlanResult second = s.plan_port("libvirt", "31001");
  CHECK_FALSE(second.diags.has_errors());
}

TEST_CASE("a host whose firewalld is stopped fails the plan with how to start it") {
  PreflightSetup s({"a.example"});
  s.fake->host("a.example").running = false;
  PlanResult plan = s.plan_port("libvirt", "31000");
  REQUIRE(plan.diags.has_errors());
  CHECK(plan.diags.items[0].detail.find("systemctl start firewalld") != std::string::npos);
}

TEST_CASE("a port in a zone a host lacks fails the plan, naming zone and host") {
  PreflightSetup s({"a.example", "b.example"});
  s.fake->host("a.example").zones["fed"] = {};
  PlanResult plan = s.plan_port("fed", "31000");
  REQUIRE(plan.diags.has_errors());
  CHECK(plan.diags.items[0].summary ==
        "Zone \"fed\" does not exist on firewalld host "
        "root@b.example:22");
  CHECK(plan.diags.items[0].detail.find("firewalld_zone") != std::string::npos);
  CHECK_FALSE(s.plan_port("fed", "31001").diags.has_errors());  // said once
}

TEST_CASE("a zone only in the runtime configuration fails a permanent port") {
  PreflightSetup s({"a.example"});
  s.fake->host("a.example").zones["tmp"].in_permanent = false;
  PlanResult plan = s.plan_port("tmp", "31000");
  REQUIRE(plan.diags.has_errors());
  CHECK(plan.diags.items[0].detail.find("permanent configuration") != std::string::npos);
  PlanResult runtime_only =
      s.p->plan_change({"firewalld_port", Value(),
                        Value::object({{"zone", str("tmp")},
                                       {"port", str("31001")},
                                       {"runtime_only", Value::boolean(true)}})});
  CHECK_MESSAGE(!runtime_only.diags.has_errors(), diag_text(runtime_only.diags));
}

TEST_CASE("a zone planned by firewalld_zone in the same plan satisfies its ports") {
  PreflightSetup s({"a.example"});
  PlanResult zone =
      s.p->plan_change({"firewalld_zone", Value(), Value::object({{"name", str("fed")}})});
  REQUIRE_MESSAGE(!zone.diags.has_errors(), diag_text(zone.diags));
  PlanResult port = s.plan_port("fed", "31000");
  CHECK_MESSAGE(!port.diags.has_errors(), diag_text(port.diags));
}

TEST_CASE("healthy hosts cost one --state and one --get-zones per layer for a whole plan") {
  PreflightSetup s({"a.example", "b.example"});
  for (int port = 31000; port < 31010; ++port)
    REQUIRE_FALSE(s.plan_port("libvirt", std::to_string(port)).diags.has_errors());
  CHECK(s.calls_with("--state") == 2);
  CHECK(s.calls_with("--get-zones") == 4);  // runtime and permanent, on each host
}

TEST_CASE("a plan that changes nothing runs no preflight command") {
  PreflightSetup s({"a.example"});
  Value config = Value::object({{"zone", str("libvirt")}, {"port", str("31000")}});
  Value state = testing::converge(*s.p, "firewalld_port", Value(), config);
  // The next run's provider: an unchanged port needs nothing of the host, not even an answer.
  PreflightSetup next({"a.example"}, s.fake);
  s.fake->clear_calls();
  s.fake->host("a.example").ssh_down = true;
  PlanResult plan = next.p->plan_change({"firewalld_port", state, config});
  CHECK_FALSE(plan.diags.has_errors());
  CHECK(plan.planned == state);
  CHECK(s.fake->call_count() == 0);
  // A change to it does: the plan fails instead of the apply.
  Value closed = Value::object(
      {{"zone", str("libvirt")}, {"port", str("31000")}, {"permanent", Value::boolean(false)}});
  CHECK(next.p->plan_change({"firewalld_port", state, closed}).diags.has_errors());
}

}  // namespace
}  // namespace fedplan::firewalld
