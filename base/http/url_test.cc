// Tests for URL parsing and query encoding.
#include "base/http/url.h"

#include <doctest/doctest.h>

namespace fedplan {

TEST_CASE("parse an https URL with port, path and query") {
  std::string err;
  auto url = parse_url("HTTPS://Kube.Example:6443/api/v1/pods?limit=5#frag", &err);
  REQUIRE_MESSAGE(url, err);
  CHECK(url->scheme == "https");
  CHECK(url->host == "kube.example");
  CHECK(url->port == 6443);
  CHECK(url->target == "/api/v1/pods?limit=5");
  CHECK(url->authority() == "kube.example:6443");
  CHECK(url->origin() == "https://kube.example:6443");
  CHECK(url->str() == "https://kube.example:6443/api/v1/pods?limit=5");
}

TEST_CASE("default ports and root target") {
  auto a = parse_url("http://127.0.0.1");
  REQUIRE(a);
  CHECK(a->port == 80);
  CHECK(a->target == "/");
  CHECK(a->authority() == "127.0.0.1");
  CHECK(a->origin() == "http://127.0.0.1:80");
  auto b = parse_url("https://h?x=1");
  REQUIRE(b);
  CHECK(b->port == 443);
  CHECK(b->target == "/?x=1");
}

TEST_CASE("IPv6 hosts in brackets") {
  auto url = parse_url("https://[::1]:8443/healthz");
  REQUIRE(url);
  CHECK(url->host == "::1");
  CHECK(url->ipv6);
  CHECK(url->port == 8443);
  CHECK(url->authority() == "[::1]:8443");
  auto plain = parse_url("http://[fe80::1]/");
  REQUIRE(plain);
  CHECK(plain->authority() == "[fe80::1]");
  CHECK(is_ip_literal(plain->host));
}

TEST_CASE("malformed URLs are rejected with a reason") {
  struct Case {
    const char* url;
    const char* reason;
  };
  for (const Case& c :
       {Case{"127.0.0.1:6443/api", "no scheme"}, Case{"https:///x", "no host"},
        Case{"https://h:0/", "invalid port"}, Case{"https://h:70000/", "invalid port"},
        Case{"https://h:/", "invalid port"}, Case{"https://h:12a/", "invalid port"},
        Case{"https://[::1/", "unclosed"}, Case{"https://[nothex]/", "IPv6"},
        Case{"https://user:pw@h/", "credentials"}, Case{"ftp://h/", "needs a port"},
        Case{"http://h/a b", "space"}, Case{"http://h^/", "invalid characters"}}) {
    std::string err;
    CAPTURE(c.url);
    CHECK_FALSE(parse_url(c.url, &err));
    CHECK(err.find(c.reason) != std::string::npos);
    CHECK(err.find(c.url) != std::string::npos);
  }
}

TEST_CASE("ip literal detection") {
  CHECK(is_ip_literal("127.0.0.1"));
  CHECK(is_ip_literal("::1"));
  CHECK_FALSE(is_ip_literal("localhost"));
  CHECK_FALSE(is_ip_literal("127.0.0"));
}

TEST_CASE("percent-encoding keeps unreserved characters only") {
  CHECK(url_encode("a-b_c.d~e") == "a-b_c.d~e");
  CHECK(url_encode("a b/c=d&e") == "a%20b%2Fc%3Dd%26e");
  CHECK(url_encode("a b/c", true) == "a%20b/c");
  CHECK(url_encode("\xC3\xA9") == "%C3%A9");
  CHECK(url_decode("a%20b+c") == "a b c");
  CHECK(url_decode("a+b", false) == "a+b");
  CHECK(url_decode("%C3%a9") == "\xC3\xA9");
  CHECK_FALSE(url_decode("%2"));
  CHECK_FALSE(url_decode("%zz"));
}

TEST_CASE("query strings round-trip") {
  QueryParams params = {{"labelSelector", "app in (a,b)"}, {"fieldManager", "fedplan"}, {"x", ""}};
  std::string q = encode_query(params);
  CHECK(q == "labelSelector=app%20in%20%28a%2Cb%29&fieldManager=fedplan&x=");
  CHECK(parse_query(q) == params);
  CHECK(parse_query("a&b=2&&c=%zz") == QueryParams{{"a", ""}, {"b", "2"}, {"c", "%zz"}});
}

TEST_CASE("append_query picks the separator") {
  CHECK(append_query("/api/v1/pods", {{"limit", "5"}}) == "/api/v1/pods?limit=5");
  CHECK(append_query("/p?a=1", {{"b", "2 3"}}) == "/p?a=1&b=2%203");
  CHECK(append_query("/p?", {{"b", "2"}}) == "/p?b=2");
  CHECK(append_query("/p#top", {{"b", "2"}}) == "/p?b=2#top");
  CHECK(append_query("/p", {}) == "/p");
}

}  // namespace fedplan
