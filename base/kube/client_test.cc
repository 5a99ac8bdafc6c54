// Tests of KubeClient's identity on the wire against a real server on 127.0.0.1: impersonation
// and basic auth headers, a token source asked again after a 401, and a source that fails.
#include "base/kube/client.h"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>

#include "base/http/beast_transport.h"
#include "base/http/testing/test_server.h"

namespace fedplan::kube {
namespace {

using fedplan::testing::TestReply;
using fedplan::testing::TestRequest;
using fedplan::testing::TestServer;

std::shared_ptr<HttpTransport> plain() {
  std::string err;
  std::shared_ptr<HttpTransport> t = make_beast_transport(TlsConfig{}, {}, &err);
  REQUIRE_MESSAGE(t, err);
  return t;
}

}  // namespace

TEST_CASE("KubeClient sends the Impersonate-* headers and basic authentication") {
  std::mutex mu;
  HttpHeaders seen;
  TestServer server([&](const TestRequest& r) {
    std::lock_guard<std::mutex> lock(mu);
    seen = r.headers;
    return TestReply{};
  });
  ClusterAccess a;
  a.server = server.url("");
  a.basic_auth = "admin:secret";
  a.impersonate.user = "alice";
  a.impersonate.uid = "42";
  a.impersonate.groups = {"devs", "ops"};
  a.impersonate.extra["acme.com/scopes"] = {"view"};
  SystemClock clock;
  KubeClient client(a, plain(), clock, 4);
  ApiResult r = client.get("/api/v1/namespaces");
  REQUIRE_MESSAGE(r.ok(), r.message());
  std::lock_guard<std::mutex> lock(mu);
  CHECK(seen.get("Authorization") == "Basic YWRtaW46c2VjcmV0");
  CHECK(seen.get("Impersonate-User") == "alice");
  CHECK(seen.get("Impersonate-Uid") == "42");
  std::vector<std::string> groups;
  for (const auto& [k, v] : seen.items)
    if (iequals(k, "Impersonate-Group")) groups.push_back(v);
  CHECK(groups == std::vector<std::string>{"devs", "ops"});
  CHECK(seen.get("Impersonate-Extra-acme.com%2Fscopes") == "view");
}

TEST_CASE("KubeClient asks its token source again after a 401, once") {
  std::atomic<int> refreshes{0};
  TestServer server([&](const TestRequest& r) {
    TestReply out;
    if (r.headers.get("Authorization") != "Bearer fresh") out.status = 401;
    return out;
  });
  ClusterAccess a;
  a.server = server.url("");
  std::string current = "stale";
  a.token_source = [&](const std::string& rejected, std::string*) {
    if (!rejected.empty()) {
      CHECK(rejected == "stale");
      ++refreshes;
      current = "fresh";
    }
    return current;
  };
  SystemClock clock;
  KubeClient client(a, plain(), clock, 4);
  ApiResult r = client.get("/api");
  CHECK_MESSAGE(r.ok(), r.message());
  CHECK(refreshes == 1);
  CHECK(server.requests() == 2);
  // A source that keeps giving a rejected token: the 401 comes back after one refresh.
  current = "stale";
  a.token_source = [&](const std::string& rejected, std::string*) {
    refreshes += rejected.empty() ? 0 : 1;
    return std::string("stale");
  };
  KubeClient stubborn(a, plain(), clock, 4);
  CHECK(stubborn.get("/api").status == 401);
  CHECK(refreshes == 2);
}

TEST_CASE("KubeClient sends nothing when its token source fails, and says why") {
  TestServer server([](const TestRequest&) { return TestReply{}; });
  ClusterAccess a;
  a.server = server.url("");
  a.token_source = [](const std::string&, std::string* err) {
    *err = "exec plugin aws: exited with status 1";
    return std::string();
  };
  SystemClock clock;
  KubeClient client(a, plain(), clock, 4);
  ApiResult r = client.get("/api");
  CHECK(r.error == HttpError::InvalidRequest);
  CHECK(r.message() ==
        "no credentials for " + a.server + ": exec plugin aws: exited with status 1");
  CHECK(server.requests() == 0);
}

}  // namespace fedplan::kube
