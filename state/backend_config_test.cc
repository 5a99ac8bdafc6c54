// Tests of typed backend settings: conversions from -backend-config strings, wrong types and
// unknown keys named with their origin, and workspace names.
#include "state/backend_config.h"

#include <doctest/doctest.h>

namespace fedplan {
namespace {

BackendConfig config_with(std::map<std::string, Value> values) {
  BackendConfig c;
  c.type = "etcd";
  for (auto& [k, v] : values) c.settings[k] = BackendSetting{v, "-backend-config"};
  return c;
}

TEST_CASE("settings given as strings convert to the type asked for") {
  BackendConfig c = config_with({{"endpoints", Value::string("https://a:2379, https://b:2379")},
                                 {"ttl", Value::string("1m30s")},
                                 {"chunk", Value::string("1024")},
                                 {"insecure", Value::string("true")}});
  Diagnostics d;
  SettingsReader r(c, d);
  CHECK(r.strings("endpoints") ==
        std::optional<std::vector<std::string>>({"https://a:2379", "https://b:2379"}));
  CHECK(r.duration("ttl") == std::chrono::milliseconds(90'000));
  CHECK(r.integer("chunk") == 1024);
  CHECK(r.boolean("insecure") == true);
  CHECK_FALSE(r.string("absent"));
  CHECK(r.finish());
  CHECK(d.empty());
}

TEST_CASE("a wrong type and an unknown key are errors naming the setting and where it came from") {
  BackendConfig c = config_with({{"lock_ttl", Value::string("soon")},
                                 {"endpoint", Value::string("x")},
                                 {"endpoints", Value::list({Value::number(1)})}});
  Diagnostics d;
  SettingsReader r(c, d);
  CHECK_FALSE(r.duration("lock_ttl"));
  CHECK_FALSE(r.strings("endpoints"));
  CHECK_FALSE(r.finish());
  REQUIRE(d.items.size() == 3);
  CHECK(d.items[0].summary == "Invalid backend setting \"lock_ttl\"");
  CHECK(d.items[0].address == "-backend-config");
  CHECK(d.items[1].detail.find("a list of strings") != std::string::npos);
  CHECK(d.items[2].summary == "Unsupported backend setting");
  CHECK(d.items[2].detail.find("Did you mean \"endpoints\"?") != std::string::npos);
}

TEST_CASE("workspace names become file and object names, so only safe ones pass") {
  Diagnostics d;
  CHECK(check_workspace_name("staging-2.eu_west", d));
  for (const char* bad : {"", "../x", ".hidden", "a/b", "with space"}) {
    Diagnostics b;
    CHECK_FALSE(check_workspace_name(bad, b));
    CHECK(b.has_errors());
  }
  CHECK_FALSE(check_workspace_name(std::string(91, 'a'), d));
}

}  // namespace
}  // namespace fedplan
