// Tests of the Beast transport over HTTPS with certificates generated for the test.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "base/http/beast_transport.h"
#include "base/http/testing/test_certs.h"
#include "base/http/testing/test_server.h"

namespace fedplan {

using namespace fedplan::testing;

namespace {

// One CA and server certificate for the whole file: key generation is the slow part.
struct Pki {
  TestCert ca = make_test_ca("fedplan test CA");
  TestCert server = make_test_server_cert(ca);
  TestCert other_ca = make_test_ca("some other CA");
};

const Pki& pki() {
  static const Pki p;
  return p;
}

TestServerTls server_tls(const TestCert& cert = pki().server, std::string client_ca = "") {
  return TestServerTls{cert.cert_pem, cert.key_pem, std::move(client_ca)};
}

TestReply hello(const TestRequest& req) {
  TestReply out;
  out.body =
      "hello " + (req.client_cert_cn.empty() ? std::string("anonymous") : req.client_cert_cn);
  return out;
}

HttpResponse fetch(const TlsConfig& tls, const std::string& url) {
  std::string err;
  auto t = make_beast_transport(tls, BeastTransportOptions{}, &err);
  REQUIRE_MESSAGE(t, err);
  HttpRequest r;
  r.url = url;
  return t->send(r);
}

TlsConfig trusting(const TestCert& ca) {
  TlsConfig tls;
  tls.ca_pem = ca.cert_pem;
  return tls;
}

}  // namespace

TEST_CASE("https succeeds when the server's CA is trusted and its IP SAN matches") {
  TestServer server(hello, server_tls());
  HttpResponse r = fetch(trusting(pki().ca), server.url("/"));
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.status == 200);
  CHECK(r.body == "hello anonymous");
}

TEST_CASE("https keeps the connection alive across requests") {
  TestServer server(hello, server_tls());
  std::string err;
  auto t = make_beast_transport(trusting(pki().ca), {}, &err);
  REQUIRE(t);
  HttpRequest r;
  r.url = server.url("/again");
  for (int i = 0; i < 3; ++i) CHECK(t->send(r).status == 200);
  CHECK(server.connections() == 1);
}

TEST_CASE("https fails with a clear error when the CA is wrong") {
  TestServer server(hello, server_tls());
  HttpResponse r = fetch(trusting(pki().other_ca), server.url("/"));
  CHECK(r.error == HttpError::TlsVerify);
  CHECK(r.error_message.find("certificate verification failed") != std::string::npos);
  CHECK(r.error_message.find("local issuer") != std::string::npos);
  CHECK(r.error_message.find("https://127.0.0.1:") != std::string::npos);
  CHECK(server.requests() == 0);
}

TEST_CASE("https fails when the certificate is for another address") {
  LeafSpec spec;
  spec.ip_sans = {"127.0.0.2"};
  spec.dns_sans = {};
  TestServer server(hello, server_tls(make_test_leaf(pki().ca, spec)));
  HttpResponse r = fetch(trusting(pki().ca), server.url("/"));
  CHECK(r.error == HttpError::TlsVerify);
  CHECK(r.error_message.find("mismatch") != std::string::npos);
}

TEST_CASE("the TLS server name overrides the name checked in the certificate") {
  LeafSpec spec;
  spec.common_name = "kube.test";
  spec.ip_sans = {};
  spec.dns_sans = {"kube.test"};
  TestServer server(hello, server_tls(make_test_leaf(pki().ca, spec)));
  TlsConfig tls = trusting(pki().ca);
  CHECK(fetch(tls, server.url("/")).error == HttpError::TlsVerify);
  tls.server_name = "kube.test";
  HttpResponse r = fetch(tls, server.url("/"));
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.status == 200);
}

TEST_CASE("insecure mode accepts an untrusted certificate") {
  TestServer server(hello, server_tls());
  TlsConfig tls = trusting(pki().other_ca);
  tls.insecure_skip_verify = true;
  HttpResponse r = fetch(tls, server.url("/"));
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.status == 200);
}

TEST_CASE("the system trust store does not trust a private CA") {
  TestServer server(hello, server_tls());
  HttpResponse r = fetch(TlsConfig{}, server.url("/"));
  CHECK(r.error == HttpError::TlsVerify);
}

TEST_CASE("the CA can come from a file") {
  TestServer server(hello, server_tls());
  std::string path = "/tmp/fedplan_net_ca_" + std::to_string(server.port()) + ".pem";
  std::ofstream(path) << pki().other_ca.cert_pem << pki().ca.cert_pem;  // a bundle of two
  TlsConfig tls;
  tls.ca_file = path;
  HttpResponse r = fetch(tls, server.url("/"));
  std::remove(path.c_str());
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.status == 200);
}

TEST_CASE("client certificate authentication") {
  TestCert client_ca = make_test_ca("client CA");
  TestServer server(hello, server_tls(pki().server, client_ca.cert_pem));

  TlsConfig tls = trusting(pki().ca);
  HttpResponse anonymous = fetch(tls, server.url("/"));
  CHECK(anonymous.transport_failed());
  CHECK((anonymous.error == HttpError::Tls || anonymous.error == HttpError::ConnectionDropped));

  TestCert client = make_test_client_cert(client_ca, "system:admin");
  tls.client_cert_pem = client.cert_pem;
  tls.client_key_pem = client.key_pem;
  HttpResponse r = fetch(tls, server.url("/"));
  REQUIRE_MESSAGE(!r.transport_failed(), r.error_message);
  CHECK(r.body == "hello system:admin");

  TestCert stranger = make_test_client_cert(pki().other_ca, "stranger");
  tls.client_cert_pem = stranger.cert_pem;
  tls.client_key_pem = stranger.key_pem;
  CHECK(fetch(tls, server.url("/")).transport_failed());
}

TEST_CASE("bad TLS material is refused when the transport is made") {
  std::string err;
  TlsConfig tls;
  tls.ca_file = "/nonexistent/ca.pem";
  CHECK_FALSE(make_beast_transport(tls, {}, &err));
  CHECK(err.find("/nonexistent/ca.pem") != std::string::npos);

  tls = TlsConfig{};
  tls.ca_pem = "not a certificate";
  CHECK_FALSE(make_beast_transport(tls, {}, &err));
  CHECK(err.find("CA certificate data") != std::string::npos);

  tls = TlsConfig{};
  tls.client_cert_pem = pki().server.cert_pem;
  CHECK_FALSE(make_beast_transport(tls, {}, &err));
  CHECK(err.find("private key") != std::string::npos);

  tls.client_key_pem = pki().other_ca.key_pem;  // some other key
  CHECK_FALSE(make_beast_transport(tls, {}, &err));
  CHECK_MESSAGE(err.find("does not match") != std::string::npos, err);
}

}  // namespace fedplan

namespace fedplan {

TEST_CASE("a kept-alive TLS connection the server closed is replaced transparently") {
  TestServer server(
      [](const testing::TestRequest& req) {
        testing::TestReply out;
        out.body = req.target;
        out.close_after = true;  // closes without close_notify while the reply says keep-alive
        return out;
      },
      testing::TestServerTls{pki().server.cert_pem, pki().server.key_pem, ""});
  std::string err;
  auto t = make_beast_transport(trusting(pki().ca), {}, &err);
  REQUIRE(t);
  HttpRequest r;
  r.url = server.url("/one");
  REQUIRE(t->send(r).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  r.method = "POST";
  r.url = server.url("/two");
  HttpResponse resp = t->send(r);
  REQUIRE_MESSAGE(!resp.transport_failed(), resp.error_message);
  CHECK(resp.body == "/two");
  CHECK(resp.attempts == 2);
  CHECK(server.connections() == 2);
}

}  // namespace fedplan
