// FailoverTransport against scripted servers: a refused member is skipped within one send, an
// unhealthy one is left for the next send, and one send goes at most once to each member.
#include "state/etcd/failover_transport.h"

#include <doctest/doctest.h>

#include <atomic>

#include "base/http/beast_transport.h"
#include "base/http/testing/test_server.h"

namespace fedplan {
namespace {

std::shared_ptr<HttpTransport> beast() {
  std::string err;
  std::shared_ptr<HttpTransport> t = make_beast_transport({}, {}, &err);
  REQUIRE(t);
  return t;
}

std::string base_of(const testing::TestServer& s) {
  std::string u = s.url("/");
  return u.substr(0, u.size() - 1);
}

HttpRequest post(const std::string& path) {
  HttpRequest r;
  r.method = "POST";
  r.url = path;
  return r;
}

TEST_CASE("a request that cannot connect goes to the next endpoint") {
  testing::TestServer up([](const testing::TestRequest& r) {
    testing::TestReply reply;
    reply.body = "served " + r.target;
    return reply;
  });
  std::string dead = "http://127.0.0.1:" + std::to_string(testing::unused_local_port());
  FailoverTransport t({dead, base_of(up)}, beast());
  HttpResponse r = t.send(post("/v3/kv/range"));
  REQUIRE(r.ok());
  CHECK(r.body == "served /v3/kv/range");
  CHECK(t.current() == base_of(up));
  // The next request starts where the last one was answered: the dead member is not tried.
  CHECK(t.send(post("/v3/kv/txn")).ok());
  CHECK(up.requests() == 2);
}

TEST_CASE("when no endpoint can be reached the error names every one") {
  std::string a = "http://127.0.0.1:" + std::to_string(testing::unused_local_port());
  std::string b = "http://127.0.0.1:" + std::to_string(testing::unused_local_port());
  FailoverTransport t({a, b}, beast());
  HttpResponse r = t.send(post("/v3/kv/range"));
  CHECK(r.error == HttpError::ConnectRefused);
  CHECK(r.error_message.find("no endpoint could be reached") != std::string::npos);
  CHECK(r.error_message.find(a.substr(7)) != std::string::npos);
  CHECK(r.error_message.find(b.substr(7)) != std::string::npos);
  CHECK(r.attempts == 2);
}

TEST_CASE("a member that drops the connection is returned as it is and skipped next time") {
  std::atomic<int> dropped{0};
  testing::TestServer bad([&](const testing::TestRequest&) {
    ++dropped;
    testing::TestReply reply;
    reply.drop = true;
    return reply;
  });
  testing::TestServer good([](const testing::TestRequest&) { return testing::TestReply{}; });
  FailoverTransport t({base_of(bad), base_of(good)}, beast());
  HttpResponse first = t.send(post("/v3/kv/txn"));
  CHECK(first.error == HttpError::ConnectionDropped);  // sent once: maybe applied, not resent here
  CHECK(good.requests() == 0);
  CHECK(t.send(post("/v3/kv/txn")).ok());
  CHECK(good.requests() == 1);
  CHECK(dropped.load() >= 1);
}

TEST_CASE("a member answering 503 is left for the next member on the next send") {
  testing::TestServer busy([](const testing::TestRequest&) {
    testing::TestReply reply;
    reply.status = 503;
    reply.body = R"({"error":"etcdserver: no leader","code":14})";
    return reply;
  });
  testing::TestServer good([](const testing::TestRequest&) { return testing::TestReply{}; });
  FailoverTransport t({base_of(busy), base_of(good)}, beast());
  CHECK(t.send(post("/v3/kv/range")).status == 503);
  CHECK(t.send(post("/v3/kv/range")).ok());
  CHECK(busy.requests() == 1);
}

}  // namespace
}  // namespace fedplan
