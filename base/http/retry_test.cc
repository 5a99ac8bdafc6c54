// Tests of the retry policy (pure functions) and of RetryingTransport against a real server,
// with a FakeClock so backoffs take no time.
#include "base/http/retry.h"

#include <doctest/doctest.h>

#include <atomic>

#include "base/http/beast_transport.h"
#include "base/http/testing/test_server.h"
#include "base/testing/fake_clock.h"

namespace fedplan {

using std::chrono::milliseconds;
using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<HttpTransport> beast() {
  std::string err;
  std::shared_ptr<HttpTransport> t = make_beast_transport(TlsConfig{}, {}, &err);
  REQUIRE_MESSAGE(t, err);
  return t;
}

HttpRequest request(const std::string& method, const std::string& url) {
  HttpRequest r;
  r.method = method;
  r.url = url;
  return r;
}

HttpResponse status(int code) {
  HttpResponse r;
  r.status = code;
  return r;
}

HttpResponse failed(HttpError e) {
  HttpResponse r;
  r.error = e;
  r.error_message = "x";
  return r;
}

// Replies with `replies` in turn (then 200 "done"), counting requests.
struct Script {
  std::vector<TestReply> replies;
  std::atomic<int> seen{0};
  TestReply operator()(const TestRequest&) {
    int i = seen++;
    if (i < static_cast<int>(replies.size())) return replies[i];
    TestReply ok;
    ok.body = "done";
    return ok;
  }
};

TestReply reply(int code, std::string retry_after = "") {
  TestReply r;
  r.status = code;
  if (!retry_after.empty()) r.headers.add("Retry-After", retry_after);
  return r;
}

}  // namespace

TEST_CASE("Retry-After as seconds or as an HTTP date") {
  FakeClock clock;  // 2023-11-14T22:13:20Z
  auto now = clock.now();
  CHECK(parse_retry_after("3", now) == milliseconds(3000));
  CHECK(parse_retry_after(" 0 ", now) == milliseconds(0));
  CHECK(parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", now) == milliseconds(10'000));
  CHECK(parse_retry_after("Tuesday, 14-Nov-23 22:14:20 GMT", now) == milliseconds(60'000));
  CHECK(parse_retry_after("Tue Nov 14 22:13:25 2023", now) == milliseconds(5'000));
  CHECK(parse_retry_after("Mon, 13 Nov 2023 00:00:00 GMT", now) == milliseconds(0));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("-1", now));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT trailing", now));
}

TEST_CASE("backoff grows exponentially, is capped and jittered within bounds") {
  RetryPolicy p;
  p.initial_backoff = 100ms;
  p.multiplier = 2;
  p.max_backoff = 1000ms;
  p.jitter = 0.25;
  CHECK(backoff_delay(p, 1, 0.5) == 100ms);
  CHECK(backoff_delay(p, 2, 0.5) == 200ms);
  CHECK(backoff_delay(p, 3, 0.5) == 400ms);
  CHECK(backoff_delay(p, 5, 0.5) == 1000ms);
  CHECK(backoff_delay(p, 30, 0.5) == 1000ms);
  CHECK(backoff_delay(p, 2, 0.0) == 150ms);
  CHECK(backoff_delay(p, 2, 0.999) >= 249ms);
  CHECK(backoff_delay(p, 5, 0.999) == 1000ms);  // jitter never exceeds the cap
}

TEST_CASE("which outcomes are retried") {
  RetryPolicy p;
  HttpRequest get = request("GET", "http://h/");
  HttpRequest post = request("POST", "http://h/");
  for (int code : {200, 201, 301, 400, 401, 403, 404, 409, 410, 422}) {
    CAPTURE(code);
    CHECK_FALSE(is_retryable(get, status(code), p));
    CHECK_FALSE(is_retryable(post, status(code), p));
  }
  CHECK(is_retryable(post, status(429), p));
  CHECK(is_retryable(post, status(503), p));
  CHECK(is_retryable(get, status(502), p));
  CHECK(is_retryable(get, status(504), p));
  CHECK_FALSE(is_retryable(post, status(502), p));
  CHECK_FALSE(is_retryable(post, status(504), p));
  CHECK_FALSE(is_retryable(get, status(500), p));
  p.retry_500 = true;
  CHECK(is_retryable(get, status(500), p));
  CHECK_FALSE(is_retryable(post, status(500), p));
  CHECK(is_retryable(get, failed(HttpError::Timeout), p));
  CHECK(is_retryable(get, failed(HttpError::ConnectionDropped), p));
  CHECK_FALSE(is_retryable(post, failed(HttpError::Timeout), p));
  CHECK_FALSE(is_retryable(post, failed(HttpError::ConnectionDropped), p));
  post.idempotent = true;  // e.g. server-side apply
  CHECK(is_retryable(post, failed(HttpError::ConnectionDropped), p));
  CHECK(is_retryable(post, failed(HttpError::ConnectRefused), p));
  for (HttpError e : {HttpError::TlsVerify, HttpError::Tls, HttpError::InvalidRequest,
                      HttpError::Protocol, HttpError::Resolve}) {
    CHECK_FALSE(is_retryable(get, failed(e), p));
  }
}

TEST_CASE("decisions stop at max attempts and at a too long Retry-After") {
  RetryPolicy p;
  p.max_attempts = 3;
  p.max_retry_after = 60s;
  FakeClock clock;
  HttpRequest get = request("GET", "http://h/");
  CHECK(decide_retry(get, status(503), 2, p, clock.now(), 0.5).retry);
  CHECK_FALSE(decide_retry(get, status(503), 3, p, clock.now(), 0.5).retry);
  HttpResponse r = status(429);
  r.headers.add("retry-after", "61");
  CHECK_FALSE(decide_retry(get, r, 1, p, clock.now(), 0.5).retry);
  r.headers.set("Retry-After", "60");
  RetryDecision d = decide_retry(get, r, 1, p, clock.now(), 0.5);
  CHECK(d.retry);
  CHECK(d.delay == 60s);
}

TEST_CASE("429 with Retry-After is retried after the time the server asked for") {
  Script script;
  script.replies = {reply(429, "7"), reply(429, "Tue, 14 Nov 2023 22:13:40 GMT")};
  TestServer server(std::ref(script));
  FakeClock clock;  // starts at 22:13:20; after the first wait it is 22:13:27
  RetryingTransport t(beast(), clock);
  HttpRequest r = request("POST", server.url("/apply"));
  HttpResponse resp = t.send(r);
  REQUIRE_MESSAGE(!resp.transport_failed(), resp.error_message);
  CHECK(resp.status == 200);
  CHECK(resp.body == "done");
  CHECK(resp.attempts == 3);
  CHECK(script.seen == 3);
  CHECK(clock.sleeps() == std::vector<milliseconds>{7000ms, 13000ms});
}

TEST_CASE("400 and 409 are returned at once") {
  for (int code : {400, 409}) {
    CAPTURE(code);
    Script script;
    script.replies = {reply(code), reply(code)};
    TestServer server(std::ref(script));
    FakeClock clock;
    RetryingTransport t(beast(), clock);
    HttpResponse resp = t.send(request("PUT", server.url("/x")));
    CHECK(resp.status == code);
    CHECK(resp.attempts == 1);
    CHECK(script.seen == 1);
    CHECK(clock.sleeps().empty());
  }
}

TEST_CASE("503 is retried with growing backoff until it succeeds") {
  Script script;
  script.replies = {reply(503), reply(503), reply(503)};
  TestServer server(std::ref(script));
  FakeClock clock;
  RetryPolicy p;
  p.initial_backoff = 100ms;
  p.jitter = 0.2;
  RetryingTransport t(beast(), clock, p, 42);
  HttpResponse resp = t.send(request("GET", server.url("/healthz")));
  CHECK(resp.status == 200);
  CHECK(resp.attempts == 4);
  auto sleeps = clock.sleeps();
  REQUIRE(sleeps.size() == 3);
  for (size_t i = 0; i < sleeps.size(); ++i) {
    milliseconds base = 100ms * (1 << i);
    CHECK(sleeps[i] >= base * 8 / 10);
    CHECK(sleeps[i] <= base * 12 / 10);
  }
}

TEST_CASE("retries give up after max attempts and return the last answer") {
  Script script;
  script.replies = std::vector<TestReply>(10, reply(503));
  TestServer server(std::ref(script));
  FakeClock clock;
  RetryPolicy p;
  p.max_attempts = 3;
  RetryingTransport t(beast(), clock, p);
  HttpResponse resp = t.send(request("GET", server.url("/")));
  CHECK(resp.status == 503);
  CHECK(resp.attempts == 3);
  CHECK(script.seen == 3);
}

TEST_CASE("a dropped connection is retried for GET but not for POST") {
  Script script;
  TestReply drop;
  drop.drop = true;
  script.replies = {drop, drop};
  TestServer server(std::ref(script));
  FakeClock clock;
  RetryingTransport t(beast(), clock);
  HttpResponse post = t.send(request("POST", server.url("/create")));
  CHECK(post.error == HttpError::ConnectionDropped);
  CHECK(post.attempts == 1);
  HttpResponse get = t.send(request("GET", server.url("/read")));
  REQUIRE_MESSAGE(!get.transport_failed(), get.error_message);
  CHECK(get.status == 200);
  CHECK(get.attempts == 2);
  CHECK(script.seen == 3);
}

TEST_CASE("connection refused is retried and then reported with the attempt count") {
  FakeClock clock;
  RetryPolicy p;
  p.max_attempts = 3;
  RetryingTransport t(beast(), clock, p);
  HttpResponse resp = t.send(
      request("POST", "http://127.0.0.1:" + std::to_string(testing::unused_local_port()) + "/"));
  CHECK(resp.error == HttpError::ConnectRefused);
  CHECK(resp.error_message.find("after 3 attempts") != std::string::npos);
  CHECK(clock.sleeps().size() == 2);
}

}  // namespace fedplan
