// TestServer: thread-per-connection synchronous Beast server for transport tests.
// stop() wakes blocked threads by shutting their sockets down, then joins them.
#include "base/http/testing/test_server.h"

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace fedplan::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// The listening socket, the per-connection threads and what they have counted.
struct TestServer::Impl {
  TestHandler handler;
  bool tls = false;
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_server};
  tcp::acceptor acceptor{ioc};
  uint16_t port = 0;
  std::atomic<int> connections{0};
  std::atomic<int> requests{0};
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::condition_variable cv;
  std::map<int, int> live_fds;  // connection id -> socket fd, for shutdown on stop
  std::vector<std::thread> threads;
  std::thread accept_thread;

  void accept_loop();
  void serve(tcp::socket socket, int id);
  template <class Stream>
  void serve_stream(Stream& stream, int id, const std::string& client_cn);
};

namespace {

std::string peer_common_name(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) return "";
  char cn[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  X509_free(cert);
  return cn;
}

}  // namespace

void TestServer::Impl::accept_loop() {
  while (!stopping) {
    tcp::socket socket(ioc);
    error_code ec;
    acceptor.accept(socket, ec);
    if (stopping) break;
    if (ec) continue;
    int id = ++connections;
    std::lock_guard<std::mutex> lock(mu);
    live_fds[id] = socket.native_handle();
    threads.emplace_back([this, s = std::move(socket), id]() mutable { serve(std::move(s), id); });
  }
}

void TestServer::Impl::serve(tcp::socket socket, int id) {
  if (!tls) {
    serve_stream(socket, id, "");
  } else {
    beast::ssl_stream<tcp::socket&> stream(socket, ctx);
    error_code ec;
    stream.handshake(ssl::stream_base::server, ec);
    if (!ec) serve_stream(stream, id, peer_common_name(stream.native_handle()));
  }
  std::lock_guard<std::mutex> lock(mu);
  live_fds.erase(id);
  error_code ignored;
  socket.close(ignored);
}

template <class Stream>
void TestServer::Impl::serve_stream(Stream& stream, int id, const std::string& client_cn) {
  beast::flat_buffer buffer;
  for (int index = 1; !stopping; ++index) {
    http::request<http::string_body> req;
    error_code ec;
    http::read(stream, buffer, req, ec);
    if (ec) return;
    ++requests;
    TestRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    for (const auto& f : req) in.headers.add(std::string(f.name_string()), std::string(f.value()));
    in.body = req.body();
    in.connection = id;
    in.index_on_connection = index;
    in.client_cert_cn = client_cn;
    TestReply out = handler(in);
    if (out.delay.count() > 0) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_for(lock, out.delay, [this] { return stopping.load(); });
    }
    if (out.drop || stopping) return;
    if (!out.raw.empty()) {
      asio::write(stream, asio::buffer(out.raw), ec);
    } else {
      http::response<http::string_body> res{static_cast<http::status>(out.status), 11};
      for (const auto& [k, v] : out.headers.items) res.insert(k, v);
      res.body() = out.body;
      if (!res.has_content_length() && !res.chunked()) res.prepare_payload();
      res.keep_alive(req.keep_alive());
      if (out.headers.has("Connection"))
        res.set(http::field::connection, out.headers.get("Connection"));
      http::write(stream, res, ec);
      if (!ec && !res.keep_alive()) return;
    }
    if (ec || out.close_after) return;
  }
}

TestServer::TestServer(TestHandler handler, std::optional<TestServerTls> tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  if (tls) {
    impl_->tls = true;
    impl_->ctx.use_certificate_chain(asio::buffer(tls->cert_pem));
    impl_->ctx.use_private_key(asio::buffer(tls->key_pem), ssl::context::pem);
    if (!tls->client_ca_pem.empty()) {
      impl_->ctx.add_certificate_authority(asio::buffer(tls->client_ca_pem));
      impl_->ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    }
  }
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->accept_thread = std::thread([this] { impl_->accept_loop(); });
}

TestServer::~TestServer() {
  stop();
}

void TestServer::stop() {
  if (impl_->stopping.exchange(true)) return;
  {  // Wake the blocking accept with a connection of our own.
    asio::io_context ioc;
    tcp::socket s(ioc);
    error_code ec;
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), impl_->port), ec);
  }
  impl_->accept_thread.join();
  error_code ec;
  impl_->acceptor.close(ec);
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (const auto& [id, fd] : impl_->live_fds) ::shutdown(fd, SHUT_RDWR);
    threads.swap(impl_->threads);
  }
  impl_->cv.notify_all();
  for (auto& t : threads) t.join();
}

uint16_t TestServer::port() const {
  return impl_->port;
}

std::string TestServer::url(const std::string& target) const {
  return std::string(impl_->tls ? "https" : "http") +
         "://127.0.0.1:" + std::to_string(impl_->port) + target;
}

int TestServer::connections() const {
  return impl_->connections;
}
int TestServer::requests() const {
  return impl_->requests;
}

uint16_t unused_local_port() {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace fedplan::testing
