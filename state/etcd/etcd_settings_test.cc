// open_etcd_backend: good settings (TLS with client certificates) give a working backend; an
// unknown key, a wrong type, an unreachable endpoint or a wrong CA is an error naming the
// setting, made before anything is stored.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "state/etcd/etcd_backend.h"
#include "state/etcd/testing/etcd_cluster.h"

namespace fedplan {
namespace {

BackendConfig config_of(std::map<std::string, Value> settings) {
  BackendConfig c;
  c.type = "etcd";
  c.origin = "main.fed.hcl:2:3";
  for (auto& [k, v] : settings) c.settings[k] = BackendSetting{v, "main.fed.hcl:" + k};
  return c;
}

Value list(std::vector<std::string> items) {
  ValueList out;
  for (auto& s : items) out.push_back(Value::string(s));
  return Value::list(out);
}

// The first error's summary and detail, for checks.
std::string first_error(const Diagnostics& d) {
  for (const Diagnostic& x : d.items)
    if (x.severity == Severity::Error) return x.summary + " | " + x.detail + " | " + x.address;
  return "";
}

TEST_CASE("the etcd backend opens over TLS with a client certificate and relative paths") {
  testing::EtcdCluster etcd({.tls = true, .client_cert_auth = true});
  BackendConfig c = config_of({{"endpoints", list(etcd.endpoints())},
                               {"prefix", Value::string("team-a")},
                               {"cacert_path", Value::string("ca.pem")},
                               {"cert_path", Value::string("client.pem")},
                               {"key_path", Value::string("client-key.pem")},
                               {"lock_ttl", Value::string("10s")},
                               {"request_timeout", Value::string("5s")},
                               {"chunk_size", Value::number(65536)}});
  c.workspace = "staging";
  Diagnostics diags;
  auto backend = open_etcd_backend(c, BackendContext{etcd.dir()}, diags);
  REQUIRE_MESSAGE(backend, first_error(diags));
  CHECK(backend->key("state") == "team-a/staging/state");  // the '/' is added
  State s = *backend->read(diags);
  REQUIRE(backend->write(s, diags));
  CHECK(backend->describe().find("https://127.0.0.1:") != std::string::npos);
  CHECK(diags.empty());
}

TEST_CASE("an unknown etcd setting is refused with a suggestion") {
  Diagnostics diags;
  CHECK_FALSE(open_etcd_backend(
      config_of({{"endpoints", list({"http://127.0.0.1:1"})}, {"lock_tll", Value::string("10s")}}),
      BackendContext{}, diags));
  CHECK(first_error(diags).find("Unsupported backend setting") == 0);
  CHECK(first_error(diags).find("Did you mean \"lock_ttl\"") != std::string::npos);
}

TEST_CASE("a setting of the wrong type or value is refused naming it") {
  Diagnostics wrong_type;
  CHECK_FALSE(open_etcd_backend(
      config_of({{"endpoints", list({"http://127.0.0.1:1"})}, {"lock_ttl", Value::boolean(true)}}),
      BackendContext{}, wrong_type));
  CHECK(first_error(wrong_type).find("Invalid backend setting \"lock_ttl\"") == 0);
  CHECK(first_error(wrong_type).find("main.fed.hcl:lock_ttl") != std::string::npos);
  Diagnostics no_endpoints;
  CHECK_FALSE(open_etcd_backend(config_of({}), BackendContext{}, no_endpoints));
  CHECK(first_error(no_endpoints).find("\"endpoints\"") != std::string::npos);
  Diagnostics scheme;
  CHECK_FALSE(open_etcd_backend(config_of({{"endpoints", list({"127.0.0.1:2379"})}}),
                                BackendContext{}, scheme));
  CHECK(first_error(scheme).find("not an http:// or https:// URL") != std::string::npos);
  Diagnostics short_ttl;
  CHECK_FALSE(open_etcd_backend(config_of({{"endpoints", list({"http://127.0.0.1:1"})},
                                           {"lock_ttl", Value::string("1500ms")}}),
                                BackendContext{}, short_ttl));
  CHECK(first_error(short_ttl).find("\"lock_ttl\"") != std::string::npos);
  Diagnostics no_password;
  CHECK_FALSE(open_etcd_backend(
      config_of({{"endpoints", list({"http://127.0.0.1:1"})}, {"username", Value::string("fed")}}),
      BackendContext{}, no_password));
  CHECK(first_error(no_password).find("FEDPLAN_BACKEND_PASSWORD") != std::string::npos);
  Diagnostics half_cert;
  CHECK_FALSE(open_etcd_backend(config_of({{"endpoints", list({"http://127.0.0.1:1"})},
                                           {"cert_path", Value::string("c.pem")}}),
                                BackendContext{}, half_cert));
  CHECK(first_error(half_cert).find("\"key_path\"") != std::string::npos);
}

TEST_CASE("an unreachable endpoint is refused when the backend opens") {
  Diagnostics diags;
  CHECK_FALSE(open_etcd_backend(
      config_of({{"endpoints", Value::string("http://127.0.0.1:1,http://127.0.0.1:2")},
                 {"request_timeout", Value::string("1s")}}),
      BackendContext{}, diags));
  CHECK(first_error(diags).find("Invalid backend setting \"endpoints\"") == 0);
  CHECK(first_error(diags).find("Cannot reach etcd at http://127.0.0.1:1, http://127.0.0.1:2") !=
        std::string::npos);
}

TEST_CASE("a CA that did not sign the server's certificate is refused naming cacert_path") {
  testing::EtcdCluster etcd({.tls = true});
  testing::TempDir dir;
  dir.write("other-ca.pem", testing::make_test_ca("another CA").cert_pem);
  Diagnostics diags;
  CHECK_FALSE(open_etcd_backend(config_of({{"endpoints", list(etcd.endpoints())},
                                           {"cacert_path", Value::string("other-ca.pem")}}),
                                BackendContext{dir.path()}, diags));
  CHECK(first_error(diags).find("Invalid backend setting \"cacert_path\"") == 0);
  CHECK(first_error(diags).find("cacert_path") != std::string::npos);
  // An unreadable CA file is refused too, before any request.
  Diagnostics missing;
  CHECK_FALSE(open_etcd_backend(config_of({{"endpoints", list(etcd.endpoints())},
                                           {"cacert_path", Value::string("nope.pem")}}),
                                BackendContext{dir.path()}, missing));
  CHECK(first_error(missing).find("nope.pem") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
