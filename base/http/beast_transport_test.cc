// Tests of the Beast transport over plain HTTP against a real server on 127.0.0.1.
#include "base/http/beast_transport.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "base/http/testing/test_server.h"

namespace fedplan {

using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<HttpTransport> plain_transport(BeastTransportOptions options = {}) {
  std::string err;
  auto t = make_beast_transport(TlsConfig{}, options, &err);
  REQUIRE_MESSAGE(t, err);
  return t;
}

HttpRequest get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return r;
}

TestReply echo(const TestRequest& req) {
  TestReply out;
  out.headers.add("Content-Type", "text/plain");
  out.headers.add("X-Seen-Method", req.method);
  out.body = req.target + "|" + req.body;
  return out;
}

}  // namespace

TEST_CASE("GET returns status, headers and body") {
  std::string host, agent;
  TestServer server([&](const TestRequest& req) {
    host = req.headers.get("Host");
    agent = req.headers.get("User-Agent");
    TestReply out = echo(req);
    out.status = 203;
    return out;
  });
  auto t = plain_transport();
  HttpResponse r = t->send(get(server.url("/api/v1?x=1")));
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.status == 203);
  CHECK(r.body == "/api/v1?x=1|");
  CHECK(r.headers.get("content-type") == "text/plain");
  CHECK(r.headers.get("x-seen-method") == "GET");
  CHECK(host == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(agent == "fedplan/0.1");
  CHECK(r.attempts == 1);
}

TEST_CASE("POST sends the body and the caller's headers") {
  std::string content_type, length;
  TestServer server([&](const TestRequest& req) {
    content_type = req.headers.get("Content-Type");
    length = req.headers.get("Content-Length");
    return echo(req);
  });
  auto t = plain_transport();
  HttpRequest r = get(server.url("/things"));
  r.method = "POST";
  r.headers.add("Content-Type", "application/json");
  r.body = R"({"a":1})";
  HttpResponse resp = t->send(r);
  REQUIRE_MESSAGE(!resp.transport_failed(), resp.error_message);
  CHECK(resp.body == R"(/things|{"a":1})");
  CHECK(resp.headers.get("X-Seen-Method") == "POST");
  CHECK(content_type == "application/json");
  CHECK(length == "7");
}

TEST_CASE("keep-alive reuses one connection for sequential requests") {
  TestServer server(echo);
  auto t = plain_transport();
  for (int i = 0; i < 5; ++i) {
    HttpResponse r = t->send(get(server.url("/n" + std::to_string(i))));
    REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
    CHECK(r.body == "/n" + std::to_string(i) + "|");
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 1);
}

TEST_CASE("concurrent requests from 8 threads each get their own answer") {
  TestServer server([](const TestRequest& req) {
    TestReply out = echo(req);
    out.delay = 5ms;  // overlap the requests so several connections are needed
    return out;
  });
  auto t = plain_transport();
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 10; ++j) {
        std::string target = "/t" + std::to_string(i) + "/" + std::to_string(j);
        HttpResponse r = t->send(get(server.url(target)));
        if (!r.transport_failed() && r.status == 200 && r.body == target + "|") ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(good == 80);
  CHECK(server.requests() == 80);
  CHECK(server.connections() >= 2);
  CHECK(server.connections() <= 8);  // a connection per thread at most: the pool reuses them
}

TEST_CASE("chunked responses are reassembled and the connection is reused") {
  TestServer server([](const TestRequest&) {
    TestReply out;
    out.raw =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
        "5\r\nhello\r\n1\r\n \r\n6;ext=1\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n";
    return out;
  });
  auto t = plain_transport();
  for (int i = 0; i < 2; ++i) {
    HttpResponse r = t->send(get(server.url("/chunks")));
    REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
    CHECK(r.body == "hello world!");
  }
  CHECK(server.connections() == 1);
}

TEST_CASE("a reply with Connection: close is not reused") {
  TestServer server([](const TestRequest& req) {
    TestReply out = echo(req);
    out.headers.add("Connection", "close");
    return out;
  });
  auto t = plain_transport();
  CHECK(t->send(get(server.url("/a"))).status == 200);
  CHECK(t->send(get(server.url("/b"))).status == 200);
  CHECK(server.connections() == 2);
}

TEST_CASE("a body that ends when the server closes is read to the end") {
  TestServer server([](const TestRequest&) {
    TestReply out;
    out.raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
    out.close_after = true;
    return out;
  });
  auto t = plain_transport();
  HttpResponse r = t->send(get(server.url("/")));
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.body == "until the end");
}

TEST_CASE("HEAD does not wait for a body") {
  TestServer server([](const TestRequest&) {
    TestReply out;
    out.raw = "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n";
    return out;
  });
  BeastTransportOptions options;
  options.request_timeout = 2s;
  auto t = plain_transport(options);
  HttpRequest r = get(server.url("/"));
  r.method = "HEAD";
  HttpResponse resp = t->send(r);
  REQUIRE_MESSAGE(!resp.transport_failed(), resp.error_message);
  CHECK(resp.headers.get("content-length") == "1234");
  CHECK(resp.body.empty());
}

TEST_CASE("a slow server times out with a timeout error") {
  TestServer server([](const TestRequest& req) {
    TestReply out = echo(req);
    out.delay = 10s;
    return out;
  });
  auto t = plain_transport();
  HttpRequest r = get(server.url("/slow"));
  r.timeout = 200ms;
  auto start = std::chrono::steady_clock::now();
  HttpResponse resp = t->send(r);
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(resp.error == HttpError::Timeout);
  CHECK(resp.error_message.find("timed out after 200 ms") != std::string::npos);
  CHECK(resp.status == 0);
  CHECK(took < 3s);
}

TEST_CASE("a server that drops a fresh connection gives connection-dropped, no retry") {
  TestServer server([](const TestRequest&) {
    TestReply out;
    out.drop = true;
    return out;
  });
  auto t = plain_transport();
  HttpResponse r = t->send(get(server.url("/x")));
  CHECK(r.error == HttpError::ConnectionDropped);
  CHECK(r.error_message.find("GET http://127.0.0.1:") != std::string::npos);
  CHECK(r.attempts == 1);
  CHECK(server.requests() == 1);
}

TEST_CASE("a kept-alive connection the server closed is replaced transparently") {
  TestServer server([](const TestRequest& req) {
    TestReply out = echo(req);
    out.close_after = true;  // closes while the reply says keep-alive
    return out;
  });
  auto t = plain_transport();
  REQUIRE(t->send(get(server.url("/first"))).status == 200);
  std::this_thread::sleep_for(50ms);  // let the close arrive
  HttpRequest post = get(server.url("/second"));
  post.method = "POST";  // not idempotent: retried only because nothing was processed
  post.body = "b";
  HttpResponse r = t->send(post);
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.body == "/second|b");
  CHECK(r.attempts == 2);
  CHECK(server.connections() == 2);
  CHECK(server.requests() == 2);
}

TEST_CASE("a partial reply on a reused connection is retried for GET but not for POST") {
  TestServer server([](const TestRequest& req) {
    TestReply out = echo(req);
    if (req.index_on_connection == 2) {
      out.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial";
      out.close_after = true;
    }
    return out;
  });
  auto t = plain_transport();
  REQUIRE(t->send(get(server.url("/warm"))).status == 200);
  HttpResponse g = t->send(get(server.url("/get")));
  REQUIRE_MESSAGE(!g.transport_failed(), g.error_message);
  CHECK(g.body == "/get|");
  CHECK(g.attempts == 2);

  // The retry opened a second connection; the POST is its second request, so it breaks too.
  int before = server.requests();
  HttpRequest post = get(server.url("/post"));
  post.method = "POST";
  HttpResponse p = t->send(post);
  CHECK(p.error == HttpError::ConnectionDropped);
  CHECK(p.error_message.find("while reading the response") != std::string::npos);
  CHECK(server.requests() == before + 1);
}

TEST_CASE("connection refused is reported as such") {
  auto t = plain_transport();
  HttpResponse r =
      t->send(get("http://127.0.0.1:" + std::to_string(testing::unused_local_port()) + "/"));
  CHECK(r.error == HttpError::ConnectRefused);
  CHECK(r.error_message.find("connection refused") != std::string::npos);
}

TEST_CASE("bad URLs, schemes, methods and headers fail before sending") {
  auto t = plain_transport();
  HttpResponse r = t->send(get("not a url"));
  CHECK(r.error == HttpError::InvalidRequest);
  r = t->send(get("ftp://127.0.0.1:21/"));
  CHECK(r.error == HttpError::InvalidRequest);
  CHECK(r.error_message.find("unsupported URL scheme") != std::string::npos);
  HttpRequest bad = get("http://127.0.0.1:1/");
  bad.headers.add("X-Note", "a\r\nX-Injected: 1");
  CHECK(t->send(bad).error == HttpError::InvalidRequest);
  bad = get("http://127.0.0.1:1/");
  bad.method = "GET /evil";
  CHECK(t->send(bad).error == HttpError::InvalidRequest);
}

TEST_CASE("a body over the limit is a protocol error") {
  TestServer server([](const TestRequest&) {
    TestReply out;
    out.body = std::string(1000, 'x');
    return out;
  });
  BeastTransportOptions options;
  options.max_body_bytes = 100;
  auto t = plain_transport(options);
  HttpResponse r = t->send(get(server.url("/big")));
  CHECK(r.error == HttpError::Protocol);
  CHECK(r.error_message.find("body limit") != std::string::npos);
}

}  // namespace fedplan

namespace fedplan {

TEST_CASE("a request with Connection: close gets a new connection and is never resent") {
  std::atomic<int> posts{0};
  TestServer server([&](const TestRequest& req) {
    TestReply out = echo(req);
    if (req.method == "POST") {
      ++posts;
      out.drop = true;  // as if the server died while handling it
    }
    return out;
  });
  auto t = plain_transport();
  REQUIRE(t->send(get(server.url("/warm"))).status == 200);
  HttpRequest post = get(server.url("/once"));
  post.method = "POST";
  post.headers.set("Connection", "close");
  HttpResponse r = t->send(post);
  CHECK(r.error == HttpError::ConnectionDropped);
  CHECK(r.attempts == 1);
  CHECK(posts == 1);
  CHECK(server.connections() == 2);
}

}  // namespace fedplan
