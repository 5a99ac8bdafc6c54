// Tests of the proxy choice: NO_PROXY rules as Go's httpproxy reads them, the loopback rule,
// the fixed proxy-url, and proxy URL parsing.
#include "base/http/proxy.h"

#include <doctest/doctest.h>

namespace fedplan {
namespace {

Url url(const std::string& text) {
  std::optional<Url> u = parse_url(text);
  REQUIRE(u);
  return *u;
}

bool direct(const std::string& no_proxy, const std::string& target) {
  return bypasses_proxy(no_proxy, url(target));
}

}  // namespace

TEST_CASE("NO_PROXY: host names match themselves and their subdomains") {
  CHECK(direct("example.com", "https://example.com/"));
  CHECK(direct("example.com", "https://api.example.com/"));
  CHECK_FALSE(direct("example.com", "https://badexample.com/"));
  CHECK(direct(" Other.org , EXAMPLE.com ", "https://a.b.example.com:6443/"));
  CHECK_FALSE(direct("", "https://example.com/"));
}

TEST_CASE("NO_PROXY: a leading dot or *. matches only subdomains") {
  CHECK_FALSE(direct(".example.com", "https://example.com/"));
  CHECK(direct(".example.com", "https://api.example.com/"));
  CHECK_FALSE(direct("*.example.com", "https://example.com/"));
  CHECK(direct("*.example.com", "https://api.example.com/"));
}

TEST_CASE("NO_PROXY: a port limits the match to that port, the scheme's default included") {
  CHECK(direct("example.com:6443", "https://example.com:6443/"));
  CHECK_FALSE(direct("example.com:6443", "https://example.com:443/"));
  CHECK(direct("example.com:443", "https://example.com/"));
  CHECK(direct("10.1.2.3:6443", "https://10.1.2.3:6443/"));
  CHECK_FALSE(direct("10.1.2.3:6443", "https://10.1.2.3:443/"));
  CHECK(direct("[fd00::1]:6443", "https://[fd00::1]:6443/"));
  CHECK_FALSE(direct(":6443", "https://example.com:6443/"));
}

TEST_CASE("NO_PROXY: IPs and CIDRs match IP hosts, never names") {
  CHECK(direct("10.0.0.0/8", "https://10.200.3.4/"));
  CHECK_FALSE(direct("10.0.0.0/8", "https://11.0.0.1/"));
  CHECK(direct("192.168.1.7", "https://192.168.1.7:6443/"));
  CHECK_FALSE(direct("192.168.1.7", "https://192.168.1.8/"));
  CHECK(direct("fd00::/8", "https://[fd12::5]/"));
  CHECK_FALSE(direct("fd00::/8", "https://10.0.0.1/"));
  CHECK_FALSE(direct("10.0.0.0/8", "https://ten.example/"));
  CHECK(direct("10.1.0.0/16", "https://10.1.255.255/"));
  CHECK_FALSE(direct("10.1.0.0/16", "https://10.2.0.0/"));
}

TEST_CASE("NO_PROXY: * matches everything, and loopback and localhost are always direct") {
  CHECK(direct("*", "https://anything.example/"));
  CHECK(direct("", "https://127.0.0.1:6443/"));
  CHECK(direct("", "https://127.9.9.9/"));
  CHECK(direct("", "https://localhost:6443/"));
  CHECK(direct("", "https://[::1]:6443/"));
  CHECK_FALSE(direct("", "https://128.0.0.1/"));
}

TEST_CASE("proxy_for: https and http use their own variable, proxy-url overrides everything") {
  ProxySettings s;
  s.https_proxy = "proxy.corp:3128";
  s.http_proxy = "http://plain.corp:8080";
  s.no_proxy = "internal.corp";
  std::string err;
  std::optional<ProxyTarget> p = proxy_for(s, url("https://api.example.com/"), &err);
  REQUIRE(p);
  CHECK(p->url.str() == "http://proxy.corp:3128/");
  p = proxy_for(s, url("http://api.example.com/"), &err);
  REQUIRE(p);
  CHECK(p->url.host == "plain.corp");
  CHECK_FALSE(proxy_for(s, url("https://x.internal.corp/"), &err));
  CHECK_FALSE(proxy_for(s, url("https://127.0.0.1/"), &err));
  s.fixed = "http://fixed:1";
  p = proxy_for(s, url("https://127.0.0.1/"), &err);
  REQUIRE(p);
  CHECK(p->url.host == "fixed");
  CHECK(err.empty());
  CHECK_FALSE(proxy_for(ProxySettings{}, url("https://api.example.com/"), &err));
}

TEST_CASE("proxy URLs: user and password become Basic authorization, other schemes are refused") {
  std::string err;
  std::optional<ProxyTarget> p = parse_proxy_url("http://me:p%40ss@proxy:3128", &err);
  REQUIRE_MESSAGE(p, err);
  CHECK(p->url.host == "proxy");
  CHECK(p->url.port == 3128);
  CHECK(p->authorization == "Basic bWU6cEBzcw==");  // me:p@ss
  CHECK_FALSE(parse_proxy_url("socks5://proxy:1080", &err));
  CHECK(err.find("socks5 proxies are not supported") != std::string::npos);
  CHECK_FALSE(parse_proxy_url("https://proxy:443", &err));
  CHECK(err.find("use an http:// proxy") != std::string::npos);
  CHECK_FALSE(parse_proxy_url("http://", &err));
  CHECK(err.find("proxy URL is not valid") == 0);
}

}  // namespace fedplan
