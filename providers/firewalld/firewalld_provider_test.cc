// Tests of the firewalld provider as a whole: its schema, the provider block, and what it says
// when used before configure() or for a type it does not serve.
#include "providers/firewalld/firewalld_provider.h"

#include <doctest/doctest.h>

#include "providers/firewalld/testing/fake_firewall.h"
#include "providers/firewalld/testing/provider_steps.h"

namespace fedplan {
namespace {

using firewalld::testing::diag_text;
using firewalld::testing::FakeFirewall;

TEST_CASE("the schema lists every type with its force_new, computed and read_only attributes") {
  auto p = make_firewalld_provider(std::make_shared<FakeFirewall>());
  const ProviderSchema& s = p->schema();
  REQUIRE(s.resource("firewalld_port"));
  REQUIRE(s.resource("firewalld_service"));
  REQUIRE(s.resource("firewalld_zone"));
  REQUIRE(s.data_source("firewalld_zone"));
  CHECK(s.config.attribute("transport"));
  CHECK(s.config.attribute("ssh_command"));
  CHECK(s.config.attribute("firewall_cmd"));

  const ResourceSchema& port = *s.resource("firewalld_port");
  for (const char* name : {"zone", "port", "protocol"}) {
    REQUIRE(port.attribute(name));
    CHECK(port.attribute(name)->force_new);
  }
  CHECK(port.attribute("zone")->required);
  CHECK(port.attribute("protocol")->computed);  // defaults to tcp
  CHECK_FALSE(port.attribute("protocol")->read_only);
  CHECK_FALSE(port.attribute("permanent")->force_new);
  for (const char* name : {"id", "preexisting_runtime", "preexisting_permanent", "hosts"}) {
    REQUIRE(port.attribute(name));
    CHECK(port.attribute(name)->read_only);
  }
  CHECK(s.resource("firewalld_zone")->attribute("name")->force_new);
  CHECK(s.resource("firewalld_zone")->attribute("adopted")->read_only);
  CHECK(s.data_source("firewalld_zone")->attribute("ports")->read_only);
}

TEST_CASE("before configure() nothing runs, unknown types are named") {
  auto fake = std::make_shared<FakeFirewall>();
  auto p = make_firewalld_provider(fake);
  Value config = Value::object({{"zone", Value::string("libvirt")}, {"port", Value::string("1")}});
  ApplyResult a = p->apply({"firewalld_port", Value(), config, config});
  CHECK(diag_text(a.diags).find("not configured") != std::string::npos);
  CHECK(p->read("firewalld_port", config).diags.has_errors());
  CHECK(fake->call_count() == 0);

  CHECK(p->configure(Value::object({})).empty());
  CHECK(diag_text(p->validate("firewalld_rule", config)).find("Unknown type firewalld_rule") !=
        std::string::npos);
  CHECK(p->plan_change({"firewalld_rule", Value(), config}).diags.has_errors());
  CHECK(p->read_data("firewalld_port", config).diags.has_errors());
}

TEST_CASE("a bad provider block keeps the provider unconfigured") {
  auto p = make_firewalld_provider(std::make_shared<FakeFirewall>());
  Diagnostics d = p->configure(Value::object({{"transport", Value::string("ssh")}}));
  CHECK(d.has_errors());
  Value config = Value::object({{"zone", Value::string("libvirt")}, {"port", Value::string("1")}});
  CHECK(diag_text(p->apply({"firewalld_port", Value(), config, config}).diags)
            .find("not configured") != std::string::npos);
}

TEST_CASE("sudo: every command, local or remote, goes through sudo -n") {
  auto fake = std::make_shared<FakeFirewall>();
  auto p = make_firewalld_provider(fake);
  REQUIRE(p->configure(Value::object({{"transport", Value::string("ssh")},
                                      {"host", Value::string("h")},
                                      {"user", Value::string("core")},
                                      {"sudo", Value::boolean(true)}}))
              .empty());
  Value config = Value::object({{"zone", Value::string("libvirt")}, {"port", Value::string("1")}});
  firewalld::testing::converge(*p, "firewalld_port", Value(), config);
  // The plan's preflight (--state, --get-zones twice), then the two layers' --add-port.
  REQUIRE(fake->call_count() == 5);
  for (const auto& c : fake->calls()) {
    REQUIRE(c.words.size() >= 4);
    CHECK(c.words[0] == "sudo");
    CHECK(c.words[1] == "-n");
    CHECK(c.words[3] == "firewall-cmd");
  }
}

}  // namespace
}  // namespace fedplan
