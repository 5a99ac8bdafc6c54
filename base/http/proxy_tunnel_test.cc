// Tests of the Beast transport through proxies: https in a CONNECT tunnel to a host name only the
// proxy can reach (so success proves the tunnel), http in absolute form, refusals and NO_PROXY.
#include <doctest/doctest.h>

#include "base/http/beast_transport.h"
#include "base/http/testing/connect_proxy.h"
#include "base/http/testing/test_certs.h"
#include "base/http/testing/test_server.h"

namespace fedplan {
namespace {

using testing::ConnectProxy;
using testing::ConnectProxyOptions;
using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;

// A TLS server whose certificate names api.proxied.test, and a CA that trusts it.
struct NamedServer {
  testing::TestCert ca = testing::make_test_ca("proxy-test-ca");
  testing::TestCert leaf = [this] {
    testing::LeafSpec spec;
    spec.common_name = "api.proxied.test";
    spec.dns_sans = {"api.proxied.test"};
    return testing::make_test_leaf(ca, spec);
  }();
  TestServer server{[](const TestRequest& r) {
                      TestReply out;
                      out.body = "hello " + r.target + " host=" + r.headers.get("Host");
                      return out;
                    },
                    testing::TestServerTls{leaf.cert_pem, leaf.key_pem, ""}};
};

std::unique_ptr<HttpTransport> transport(const TlsConfig& tls, const ProxySettings& proxy) {
  BeastTransportOptions o;
  o.proxy = proxy;
  std::string err;
  auto t = make_beast_transport(tls, o, &err);
  REQUIRE_MESSAGE(t, err);
  return t;
}

HttpResponse get(HttpTransport& t, const std::string& url) {
  HttpRequest r;
  r.url = url;
  return t.send(r);
}

}  // namespace

TEST_CASE("https through HTTPS_PROXY goes in a CONNECT tunnel, verified against the server name") {
  NamedServer s;
  ConnectProxyOptions po;
  po.routes["api.proxied.test:6443"] = "127.0.0.1:" + std::to_string(s.server.port());
  ConnectProxy proxy(po);
  TlsConfig tls;
  tls.ca_pem = s.ca.cert_pem;
  ProxySettings ps;
  ps.https_proxy = proxy.url();
  auto t = transport(tls, ps);
  HttpResponse r = get(*t, "https://api.proxied.test:6443/version");
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.body == "hello /version host=api.proxied.test:6443");
  r = get(*t, "https://api.proxied.test:6443/again");
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(proxy.tunnels() == 1);  // the tunnelled connection was kept alive and reused
  CHECK(proxy.targets() == std::vector<std::string>{"api.proxied.test:6443"});
  // Without the proxy the name does not resolve at all.
  auto direct = transport(tls, ProxySettings{});
  CHECK(get(*direct, "https://api.proxied.test:6443/version").error == HttpError::Resolve);
}

TEST_CASE("NO_PROXY and loopback addresses skip the environment's proxy, proxy-url does not") {
  NamedServer s;
  ConnectProxy proxy;
  TlsConfig tls;
  tls.ca_pem = s.ca.cert_pem;
  tls.server_name = "api.proxied.test";
  ProxySettings env;
  env.https_proxy = proxy.url();
  std::string local = "https://127.0.0.1:" + std::to_string(s.server.port()) + "/x";
  HttpResponse r = get(*transport(tls, env), local);
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(proxy.tunnels() == 0);
  ProxySettings fixed;
  fixed.fixed = proxy.url();
  r = get(*transport(tls, fixed), local);
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(proxy.tunnels() == 1);
}

TEST_CASE("a proxy that wants credentials gets them from the proxy URL, and 407 says how") {
  NamedServer s;
  ConnectProxyOptions po;
  po.routes["api.proxied.test:443"] = "127.0.0.1:" + std::to_string(s.server.port());
  po.required_authorization = "Basic dTpw";  // u:p
  ConnectProxy proxy(po);
  TlsConfig tls;
  tls.ca_pem = s.ca.cert_pem;
  ProxySettings ps;
  ps.fixed = proxy.url();
  HttpResponse r = get(*transport(tls, ps), "https://api.proxied.test/");
  CHECK(r.error == HttpError::Connect);
  CHECK_MESSAGE(
      r.error_message.find("refused CONNECT api.proxied.test:443: 407") != std::string::npos,
      r.error_message);
  CHECK(r.error_message.find("http://user:password@host:port") != std::string::npos);
  ps.fixed = "http://u:p@127.0.0.1:" + std::to_string(proxy.port());
  r = get(*transport(tls, ps), "https://api.proxied.test/");
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(proxy.tunnels() == 1);
}

TEST_CASE("plain http through a proxy asks it for the absolute URL") {
  std::string target, auth;
  TestServer fake_proxy([&](const TestRequest& r) {
    target = r.target;
    auth = r.headers.get("Proxy-Authorization");
    return TestReply{};
  });
  ProxySettings ps;
  ps.http_proxy = "u:p@127.0.0.1:" + std::to_string(fake_proxy.port());
  HttpResponse r = get(*transport(TlsConfig{}, ps), "http://api.proxied.test:8080/v?a=1");
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(target == "http://api.proxied.test:8080/v?a=1");
  CHECK(auth == "Basic dTpw");
}

TEST_CASE("an unusable proxy setting fails the request with the reason") {
  ProxySettings ps;
  ps.fixed = "socks5://127.0.0.1:1080";
  HttpResponse r = get(*transport(TlsConfig{}, ps), "https://api.proxied.test/");
  CHECK(r.error == HttpError::InvalidRequest);
  CHECK(r.error_message.find("socks5 proxies are not supported") != std::string::npos);
  ps.fixed = "http://127.0.0.1:" + std::to_string(testing::unused_local_port());
  r = get(*transport(TlsConfig{}, ps), "https://api.proxied.test/");
  CHECK(r.error == HttpError::ConnectRefused);
  CHECK(r.error_message.find("refused by proxy 127.0.0.1") != std::string::npos);
}

}  // namespace fedplan
