// Keystone request bodies for each method and scope, timestamps, catalog lookups, and the
// small text helpers (error messages).
#include "providers/openstack_lb/keystone.h"

#include <doctest/doctest.h>

#include "providers/openstack_lb/api_error.h"
#include "providers/openstack_lb/catalog.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;

TEST_CASE("password auth by user name scopes the token to the project by name") {
  CloudConfig c;
  c.username = "u";
  c.user_domain_name = "Default";
  c.password = "p";
  c.project_name = "proj";
  c.project_domain_id = "dom1";
  json b = keystone_auth_body(c);
  CHECK(b["auth"]["identity"]["methods"] == json{"password"});
  CHECK(b["auth"]["identity"]["password"]["user"] ==
        json{{"name", "u"}, {"domain", {{"name", "Default"}}}, {"password", "p"}});
  CHECK(b["auth"]["scope"]["project"] == json{{"name", "proj"}, {"domain", {{"id", "dom1"}}}});
}

TEST_CASE("password auth by ids sends no domains") {
  CloudConfig c;
  c.user_id = "uid";
  c.username = "ignored";
  c.password = "p";
  c.project_id = "pid";
  json b = keystone_auth_body(c);
  CHECK(b["auth"]["identity"]["password"]["user"] == json{{"id", "uid"}, {"password", "p"}});
  CHECK(b["auth"]["scope"]["project"] == json{{"id", "pid"}});
}

TEST_CASE("application credentials by id, or by name with their user, carry no scope") {
  CloudConfig c;
  c.method = AuthMethod::ApplicationCredential;
  c.app_cred_id = "ac";
  c.app_cred_secret = "s";
  c.project_name = "ignored";
  json b = keystone_auth_body(c);
  CHECK(b["auth"]["identity"]["methods"] == json{"application_credential"});
  CHECK(b["auth"]["identity"]["application_credential"] == json{{"id", "ac"}, {"secret", "s"}});
  CHECK_FALSE(b["auth"].contains("scope"));

  c.app_cred_id.clear();
  c.app_cred_name = "name";
  c.username = "u";
  c.user_domain_name = "Default";
  b = keystone_auth_body(c);
  CHECK(b["auth"]["identity"]["application_credential"] ==
        json{{"name", "name"},
             {"secret", "s"},
             {"user", {{"name", "u"}, {"domain", {{"name", "Default"}}}}}});
}

TEST_CASE("Keystone timestamps parse with or without fraction and zone") {
  using std::chrono::seconds;
  auto t = parse_keystone_time("2024-05-01T12:00:00.000000Z");
  REQUIRE(t);
  CHECK(t->time_since_epoch() == seconds(1714564800));
  CHECK(parse_keystone_time("2024-05-01T12:00:00Z") == t);
  CHECK(parse_keystone_time("2024-05-01T12:00:00") == t);
  CHECK(parse_keystone_time("2024-05-01T12:00:00+00:00") == t);
  CHECK_FALSE(parse_keystone_time("2024-05-01T12:00:00+02:00"));
  CHECK_FALSE(parse_keystone_time("yesterday"));
}

json catalog() {
  return json::parse(R"([
    {"type": "identity", "endpoints": [{"interface": "public", "region_id": "R1", "url": "http://k/v3"}]},
    {"type": "load-balancer", "endpoints": [
      {"interface": "public", "region_id": "R1", "region": "R1", "url": "http://lb1:9876"},
      {"interface": "internal", "region_id": "R1", "url": "http://lb1-int:9876/"},
      {"interface": "public", "region_id": "R2", "url": "http://lb2:9876/v2.0"}]}
  ])");
}

TEST_CASE("the catalog gives the endpoint of a type, interface and region") {
  CHECK(find_endpoint(catalog(), "load-balancer", "public", "R1").url == "http://lb1:9876");
  CHECK(find_endpoint(catalog(), "load-balancer", "internal", "").url == "http://lb1-int:9876/");
  CHECK(find_endpoint(catalog(), "load-balancer", "public", "R2").url == "http://lb2:9876/v2.0");
  EndpointResult both = find_endpoint(catalog(), "load-balancer", "public", "");
  CHECK(both.error.find("several public \"load-balancer\" endpoints (regions: R1, R2)") !=
        std::string::npos);
  EndpointResult no_region = find_endpoint(catalog(), "load-balancer", "admin", "R1");
  CHECK(no_region.error ==
        "the service catalog has no admin \"load-balancer\" endpoint in region R1 (regions: R1, "
        "R2; interfaces: internal, public)");
  EndpointResult none = find_endpoint(catalog(), "network", "public", "");
  CHECK(none.error ==
        "the service catalog has no \"network\" service (services: identity, load-balancer)");
}

TEST_CASE("API roots are built from endpoints with or without version suffixes") {
  CHECK(octavia_api_root("http://lb:9876") == "http://lb:9876/v2/lbaas");
  CHECK(octavia_api_root("http://lb:9876/") == "http://lb:9876/v2/lbaas");
  CHECK(octavia_api_root("https://h/load-balancer/v2") == "https://h/load-balancer/v2/lbaas");
  CHECK(octavia_api_root("http://lb2:9876/v2.0/") == "http://lb2:9876/v2/lbaas");
  CHECK(neutron_api_root("http://n:9696") == "http://n:9696/v2.0");
  CHECK(neutron_api_root("http://n:9696/v2.0/") == "http://n:9696/v2.0");
}

TEST_CASE("error messages are taken from Octavia, Keystone and HTML bodies") {
  CHECK(api_message(R"({"faultcode": "Client", "faultstring": "Load Balancer x is immutable."})") ==
        "Load Balancer x is immutable.");
  CHECK(
      api_message(
          R"({"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}})") ==
      "The request you have made requires authentication.");
  CHECK(api_message(R"({"NeutronError": {"message": "Port p could not be found."}})") ==
        "Port p could not be found.");
  CHECK(api_message("<html>\n <head>\n  <title>404 Bad Request</title>\n </head>\n <body>\n  "
                    "<h1>404 Bad Request</h1>\n  The server could not comply with the request "
                    "since it is either malformed or otherwise incorrect.<br /><br />\nPool p not "
                    "found.\n\n\n </body>\n</html>") == "Pool p not found.");
  HttpResponse r;
  r.status = 409;
  r.body = R"({"faultstring": "busy"})";
  CHECK(describe_failure("PUT", "http://o/x", r) == "PUT http://o/x: 409 Conflict: busy");
}

}  // namespace
}  // namespace fedplan::openstack_lb
