// The HTTPS server: TLS sessions with keep-alive, delayed answers on timers so latency
// injection never blocks other clients, chunked watch streams, and dropped connections.
#include "sandbox/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace fedplan::sandbox {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {
// Larger than the API's own limit so an oversize body still gets a proper 413 Status.
constexpr uint64_t kReadLimit = 8 * 1024 * 1024;
}  // namespace

struct Server::Impl {
  Api& api;
  Cluster& cluster;
  ServerOptions options;
  net::io_context ioc{1};
  ssl::context tls{ssl::context::tls_server};
  tcp::acceptor acceptor{ioc};
  net::steady_timer ticker{ioc};
  std::unique_ptr<net::signal_set> signals;
  std::function<void()> changed;
  uint64_t seen_rv = 0;
  bool stopping = false;

  Impl(Api& a, Cluster& c, ServerOptions o) : api(a), cluster(c), options(std::move(o)) {}

  // Deferred cluster work after a request; the change hook runs on ticks only, so a burst of
  // writes costs one save.
  void after_work() { cluster.tick(); }

  void on_tick() {
    cluster.tick();
    uint64_t rv = cluster.store().resource_version();
    if (rv != seen_rv) {
      seen_rv = rv;
      if (changed) changed();
    }
  }

  void schedule_tick() {
    ticker.expires_after(options.tick_interval);
    ticker.async_wait([this](beast::error_code ec) {
      if (ec || stopping) return;
      on_tick();
      schedule_tick();
    });
  }

  void accept();
};

namespace {

// One client connection: handshake, then request/response turns until either side closes.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& srv)
      : srv_(srv), stream_(std::move(socket), srv.tls), timer_(srv.ioc) {}

  void start() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    stream_.async_handshake(ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) {
                              if (!ec) self->read();
                            });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kReadLimit);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::minutes(5));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      ApiResponse r;
      r.status = 413;
      r.body = status_json(entity_too_large(kMaxBodyBytes)).dump();
      keep_alive_ = false;
      return write(std::move(r));
    }
    if (ec) return close();
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    ApiRequest ar;
    ar.method = std::string(req.method_string());
    ar.target = std::string(req.target());
    ar.content_type = std::string(req[http::field::content_type]);
    ar.accept = std::string(req[http::field::accept]);
    ar.authorization = std::string(req[http::field::authorization]);
    ar.user_agent = std::string(req[http::field::user_agent]);
    ar.body = std::move(req.body());
    ApiResponse r = srv_.api.handle(ar);
    if (srv_.options.log)
      srv_.options.log(ar.method + " " + ar.target + " " +
                       (r.drop ? std::string("dropped") : std::to_string(r.status)) +
                       (r.watch ? " (watch)" : ""));
    if (r.delay.count() > 0) {
      timer_.expires_after(r.delay);
      timer_.async_wait(
          [self = shared_from_this(), r = std::move(r)](beast::error_code ec) mutable {
            if (!ec) self->respond(std::move(r));
          });
      return;
    }
    respond(std::move(r));
  }

  void respond(ApiResponse r) {
    if (r.drop) {
      // Injected fault: the connection goes away without an answer.
      beast::error_code ignored;
      beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(stream_).socket().close(ignored);
      srv_.after_work();
      return;
    }
    if (r.watch) return start_watch(std::move(r));
    write(std::move(r));
  }

  void write(ApiResponse r) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->result(static_cast<unsigned>(r.status));
    res->version(11);
    res->set(http::field::content_type, r.content_type);
    res->set("Cache-Control", "no-cache, private");
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    res->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        self->srv_.after_work();
                        if (ec || !self->keep_alive_) return self->close();
                        self->read();
                      });
  }

  // A watch: chunked JSON lines until the timeout, the client leaving, or the server stopping.
  void start_watch(ApiResponse r) {
    watch_ = std::move(*r.watch);
    watch_deadline_ = std::chrono::steady_clock::now() + watch_->request.timeout;
    header_ = std::make_shared<http::response<http::empty_body>>();
    header_->result(http::status::ok);
    header_->version(11);
    header_->set(http::field::content_type, "application/json");
    header_->set("Cache-Control", "no-cache, private");
    header_->chunked(true);
    serializer_ = std::make_shared<http::response_serializer<http::empty_body>>(*header_);
    beast::get_lowest_layer(stream_).expires_never();
    http::async_write_header(stream_, *serializer_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->close();
                               std::vector<std::string> first = std::move(self->watch_->initial);
                               self->send_lines(std::move(first));
                             });
  }

  void send_lines(std::vector<std::string> lines) {
    if (lines.empty()) return wait_watch();
    auto data = std::make_shared<std::string>();
    for (const std::string& l : lines) *data += l;
    net::async_write(stream_, http::make_chunk(net::buffer(*data)),
                     [self = shared_from_this(), data](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       if (self->watch_->gone) return self->end_watch();
                       self->wait_watch();
                     });
  }

  void wait_watch() {
    if (srv_.stopping || std::chrono::steady_clock::now() >= watch_deadline_) return end_watch();
    timer_.expires_after(srv_.options.watch_poll);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->send_lines(self->srv_.api.poll_watch(*self->watch_));
    });
  }

  void end_watch() {
    net::async_write(
        stream_, http::make_chunk_last(),
        [self = shared_from_this()](beast::error_code, std::size_t) { self->close(); });
  }

  void close() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  Server::Impl& srv_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  net::steady_timer timer_;
  bool keep_alive_ = true;
  std::optional<WatchState> watch_;
  std::chrono::steady_clock::time_point watch_deadline_;
  std::shared_ptr<http::response<http::empty_body>> header_;
  std::shared_ptr<http::response_serializer<http::empty_body>> serializer_;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (stopping) return;
    if (!ec) {
      // Beast writes a response's header and body as two TLS records: with Nagle's algorithm
      // the body waits for the client's delayed ACK of the header, about 40 ms per answer.
      // kube-apiserver (Go) turns Nagle off on every connection; so does the sandbox.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), *this)->start();
    }
    accept();
  });
}

Server::Server(Api& api, Cluster& cluster, ServerOptions options)
    : impl_(std::make_unique<Impl>(api, cluster, std::move(options))) {}

Server::~Server() = default;

bool Server::listen(std::string* err) {
  Impl& s = *impl_;
  try {
    s.tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    s.tls.use_certificate_chain(net::buffer(s.options.serving.cert_pem));
    s.tls.use_private_key(net::buffer(s.options.serving.key_pem), ssl::context::pem);
    tcp::endpoint ep(net::ip::make_address(s.options.host), s.options.port);
    s.acceptor.open(ep.protocol());
    s.acceptor.set_option(net::socket_base::reuse_address(true));
    s.acceptor.bind(ep);
    s.acceptor.listen(net::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    *err = std::string("cannot listen on ") + s.options.host + ":" +
           std::to_string(s.options.port) + ": " + e.what();
    return false;
  }
  s.seen_rv = s.cluster.store().resource_version();
  return true;
}

uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::run() {
  impl_->accept();
  impl_->schedule_tick();
  impl_->ioc.run();
}

void Server::stop() {
  net::post(impl_->ioc, [this] {
    impl_->stopping = true;
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->ticker.cancel();
    if (impl_->signals) impl_->signals->cancel(ignored);
    impl_->ioc.stop();
  });
}

void Server::on_change(std::function<void()> fn) {
  impl_->changed = std::move(fn);
}

void Server::stop_on_signals() {
  impl_->signals = std::make_unique<net::signal_set>(impl_->ioc, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](beast::error_code ec, int) {
    if (!ec) stop();
  });
}

}  // namespace fedplan::sandbox
