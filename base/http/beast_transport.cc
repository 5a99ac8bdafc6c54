// BeastTransport: HTTP/1.1 over Boost.Beast, plain or TLS, with a keep-alive pool per origin.
// Each pooled connection owns its own io_context, run by the calling thread for one exchange.
#include "base/http/beast_transport.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "base/http/tls_context.h"
#include "base/http/url.h"

namespace fedplan {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

namespace {

// One TCP (and maybe TLS) connection; used by one request at a time, then pooled.
struct Connection {
  asio::io_context ioc{1};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  // Beast reads at most the buffer's free capacity (512 bytes when empty) per call: reserved,
  // a megabyte answer takes a few dozen reads instead of thousands.
  beast::flat_buffer buffer = [] {
    beast::flat_buffer b;
    b.reserve(64 * 1024);
    return b;
  }();
  steady::time_point idle_since = steady::now();

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  // Starts one async operation and runs this connection's io_context until it completes.
  template <class Start>
  error_code run(Start start) {
    error_code result = asio::error::operation_aborted;
    start([&result](error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    tcp().expires_never();
    return result;
  }
};

// What one write+read on a connection gave.
struct Exchange {
  HttpResponse response;
  error_code ec;
  bool write_failed = false;  // the error came while sending the request
  bool got_bytes = false;     // some of a response arrived before the error
  bool keep_alive = false;    // the connection may carry another request
};

bool is_drop(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::ssl::error::stream_truncated || ec == http::error::end_of_stream ||
         ec == http::error::partial_message;
}

HttpResponse failure(HttpError kind, std::string message) {
  HttpResponse r;
  r.error = kind;
  r.error_message = std::move(message);
  return r;
}

class BeastTransport : public HttpTransport {
 public:
  BeastTransport(const TlsConfig& tls, const BeastTransportOptions& options,
                 std::unique_ptr<asio::ssl::context> ctx)
      : tls_(tls), options_(options), ctx_(std::move(ctx)) {}

  HttpResponse send(const HttpRequest& request) override;

 private:
  std::unique_ptr<Connection> take_idle(const std::string& key);
  void put_idle(const std::string& key, std::unique_ptr<Connection> conn);
  std::unique_ptr<Connection> connect(const Url& url, const ProxyTarget* proxy,
                                      const std::string& where, HttpResponse* out);
  bool tunnel(Connection& conn, const Url& url, const ProxyTarget& proxy, const std::string& where,
              HttpResponse* out);
  Exchange exchange(Connection& conn, const Url& url, const ProxyTarget* proxy,
                    const HttpRequest& request, std::chrono::milliseconds timeout,
                    const std::string& where);

  TlsConfig tls_;
  BeastTransportOptions options_;
  std::unique_ptr<asio::ssl::context> ctx_;
  std::mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;  // by Url::origin()
};

std::unique_ptr<Connection> BeastTransport::take_idle(const std::string& key) {
  std::vector<std::unique_ptr<Connection>> expired;  // closed outside the lock
  std::unique_ptr<Connection> found;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = idle_.find(key);
    if (it == idle_.end()) return nullptr;
    auto& list = it->second;
    auto cutoff = steady::now() - options_.idle_timeout;
    while (!list.empty() && !found) {
      std::unique_ptr<Connection> c = std::move(list.back());  // most recently used first
      list.pop_back();
      if (c->idle_since < cutoff) {
        expired.push_back(std::move(c));
      } else {
        found = std::move(c);
      }
    }
  }
  return found;
}

void BeastTransport::put_idle(const std::string& key, std::unique_ptr<Connection> conn) {
  conn->idle_since = steady::now();
  std::lock_guard<std::mutex> lock(mu_);
  auto& list = idle_[key];
  if (list.size() < options_.max_idle_per_host) list.push_back(std::move(conn));
}

// Opens a CONNECT tunnel to `url`'s host and port through the proxy `conn` is connected to.
bool BeastTransport::tunnel(Connection& conn, const Url& url, const ProxyTarget& proxy,
                            const std::string& where, HttpResponse* out) {
  std::string hostport =
      (url.ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
  http::request<http::empty_body> req{http::verb::connect, hostport, 11};
  req.set(http::field::host, hostport);
  req.set(http::field::user_agent, options_.user_agent);
  if (!proxy.authorization.empty()) req.set(http::field::proxy_authorization, proxy.authorization);
  std::string via = "proxy " + proxy.url.authority();
  conn.tcp().expires_after(options_.connect_timeout);
  error_code ec = conn.run([&](auto handler) { http::async_write(conn.tcp(), req, handler); });
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a 2xx answer to CONNECT has no body: the tunnel starts after the header
  if (!ec) {
    conn.tcp().expires_after(options_.connect_timeout);
    ec = conn.run(
        [&](auto handler) { http::async_read_header(conn.tcp(), buffer, parser, handler); });
  }
  if (ec) {
    *out =
        failure(ec == beast::error::timeout ? HttpError::Timeout : HttpError::Connect,
                where + ": CONNECT " + hostport + " through " + via + " failed: " + ec.message());
    return false;
  }
  int status = static_cast<int>(parser.get().result_int());
  if (status < 200 || status > 299 || buffer.size() > 0) {
    std::string reason(parser.get().reason());
    *out = failure(HttpError::Connect,
                   where + ": " + via + " refused CONNECT " + hostport + ": " +
                       std::to_string(status) + (reason.empty() ? "" : " " + reason) +
                       (status == 407 ? " (give the proxy's user and password in its URL: "
                                        "http://user:password@host:port)"
                                      : ""));
    return false;
  }
  return true;
}

std::unique_ptr<Connection> BeastTransport::connect(const Url& url, const ProxyTarget* proxy,
                                                    const std::string& where, HttpResponse* out) {
  auto conn = std::make_unique<Connection>();
  tcp::resolver resolver(conn->ioc);
  error_code ec;
  const Url& dial = proxy ? proxy->url : url;
  const std::string what = proxy ? "proxy host" : "host";
  auto flags = is_ip_literal(dial.host) ? tcp::resolver::numeric_host : tcp::resolver::flags();
  // Synchronous getaddrinfo: Asio's async resolver would start a thread per io_context.
  auto endpoints = resolver.resolve(dial.host, std::to_string(dial.port),
                                    flags | tcp::resolver::numeric_service, ec);
  if (ec) {
    *out = failure(HttpError::Resolve,
                   where + ": cannot resolve " + what + " '" + dial.host + "': " + ec.message());
    return nullptr;
  }
  if (url.scheme == "https") {
    conn->tls.emplace(conn->ioc, *ctx_);
  } else {
    conn->plain.emplace(conn->ioc);
  }
  conn->tcp().expires_after(options_.connect_timeout);
  ec = conn->run([&](auto handler) { conn->tcp().async_connect(endpoints, handler); });
  if (ec) {
    if (ec == beast::error::timeout) {
      *out =
          failure(HttpError::Timeout, where + ": connect timed out after " +
                                          std::to_string(options_.connect_timeout.count()) + " ms");
    } else if (ec == asio::error::connection_refused) {
      *out =
          failure(HttpError::ConnectRefused,
                  where + ": connection refused by " + (proxy ? "proxy " : "") + dial.authority() +
                      " (is the " + (proxy ? "proxy" : "server") + " running?)");
    } else {
      *out = failure(HttpError::Connect, where + ": cannot connect: " + ec.message());
    }
    return nullptr;
  }
  conn->tcp().socket().set_option(tcp::no_delay(true), ec);
  if (!conn->tls) return conn;
  if (proxy && !tunnel(*conn, url, *proxy, where, out)) return nullptr;

  std::string err;
  if (!prepare_tls_connection(conn->tls->native_handle(), tls_, url.host, &err)) {
    *out = failure(HttpError::Tls, where + ": " + err);
    return nullptr;
  }
  conn->tcp().expires_after(options_.connect_timeout);
  ec = conn->run(
      [&](auto handler) { conn->tls->async_handshake(asio::ssl::stream_base::client, handler); });
  if (ec == beast::error::timeout) {
    *out =
        failure(HttpError::Timeout, where + ": TLS handshake timed out after " +
                                        std::to_string(options_.connect_timeout.count()) + " ms");
    return nullptr;
  }
  if (ec) {
    std::string what;
    HttpError kind = describe_tls_failure(conn->tls->native_handle(), ec, &what);
    if (kind != HttpError::TlsVerify && is_drop(ec)) {
      what = "the server closed the connection during the TLS handshake (" + ec.message() + ")";
      kind = HttpError::ConnectionDropped;
    }
    *out = failure(kind, where + ": " + what);
    return nullptr;
  }
  return conn;
}

Exchange BeastTransport::exchange(Connection& conn, const Url& url, const ProxyTarget* proxy,
                                  const HttpRequest& request, std::chrono::milliseconds timeout,
                                  const std::string& where) {
  Exchange ex;
  http::request<http::string_body> req;
  req.method_string(request.method);
  // Plain http through a proxy asks the proxy for the absolute URL; https went through a
  // tunnel, so the server sees an ordinary request.
  bool forward = proxy && !conn.tls;
  req.target(forward ? url.str() : url.target);
  req.version(11);
  req.set(http::field::host, url.authority());
  if (forward && !proxy->authorization.empty())
    req.set(http::field::proxy_authorization, proxy->authorization);
  req.set(http::field::user_agent, options_.user_agent);
  for (const auto& [name, value] : request.headers.items) req.erase(name);
  for (const auto& [name, value] : request.headers.items) {
    if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding")) continue;
    req.insert(name, value);
  }
  req.body() = request.body;
  if (!request.body.empty() || iequals(request.method, "POST") || iequals(request.method, "PUT") ||
      iequals(request.method, "PATCH")) {
    req.content_length(request.body.size());
  }

  auto describe = [&](const error_code& ec, const char* phase) {
    if (ec == beast::error::timeout) {
      ex.response =
          failure(HttpError::Timeout,
                  where + ": timed out after " + std::to_string(timeout.count()) + " ms " + phase);
    } else if (is_drop(ec)) {
      ex.response =
          failure(HttpError::ConnectionDropped, where + ": the server closed the connection " +
                                                    phase + " (" + ec.message() + ")");
    } else if (is_tls_error(ec)) {
      std::string what;
      HttpError kind =
          describe_tls_failure(conn.tls ? conn.tls->native_handle() : nullptr, ec, &what);
      ex.response = failure(kind, where + ": " + what);
    } else if (ec.category() == http::make_error_code(http::error::body_limit).category()) {
      ex.response = failure(HttpError::Protocol, where + ": bad HTTP response: " + ec.message());
    } else {
      ex.response =
          failure(HttpError::ConnectionDropped, where + ": " + phase + ": " + ec.message());
    }
  };

  conn.tcp().expires_after(timeout);
  auto deadline = steady::now() + timeout;
  ex.ec = conn.run([&](auto handler) {
    if (conn.tls) {
      http::async_write(*conn.tls, req, handler);
    } else {
      http::async_write(*conn.plain, req, handler);
    }
  });
  if (ex.ec) {
    ex.write_failed = true;
    describe(ex.ec, "while sending the request");
    return ex;
  }

  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.max_body_bytes);
  parser.header_limit(1u << 20);
  if (iequals(request.method, "HEAD")) parser.skip(true);
  // The header first, on its own: Beast 1.74 ignores body_limit for a Content-Length body when
  // the whole response arrives in one eager read.
  auto read = [&](bool header_only) {
    auto left = deadline - steady::now();
    conn.tcp().expires_after(std::max<steady::duration>(left, std::chrono::milliseconds(1)));
    return conn.run([&](auto handler) {
      if (conn.tls && header_only) {
        http::async_read_header(*conn.tls, conn.buffer, parser, handler);
      } else if (conn.tls) {
        http::async_read(*conn.tls, conn.buffer, parser, handler);
      } else if (header_only) {
        http::async_read_header(*conn.plain, conn.buffer, parser, handler);
      } else {
        http::async_read(*conn.plain, conn.buffer, parser, handler);
      }
    });
  };
  ex.ec = read(true);
  if (!ex.ec && !parser.is_done()) ex.ec = read(false);
  if (ex.ec) {
    ex.got_bytes = parser.got_some() || conn.buffer.size() > 0;
    describe(ex.ec, ex.got_bytes ? "while reading the response" : "before responding");
    return ex;
  }

  auto msg = parser.release();
  ex.response.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) {
    ex.response.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  ex.response.body = std::move(msg.body());
  bool request_close = iequals(request.headers.get("Connection"), "close");
  ex.keep_alive = msg.keep_alive() && !msg.need_eof() && !request_close && conn.buffer.size() == 0;
  return ex;
}

HttpResponse BeastTransport::send(const HttpRequest& request) {
  std::string err;
  std::optional<Url> url = parse_url(request.url, &err);
  if (!url) return failure(HttpError::InvalidRequest, err);
  if (url->scheme != "http" && url->scheme != "https") {
    return failure(HttpError::InvalidRequest,
                   "unsupported URL scheme '" + url->scheme + "' (http or https): " + request.url);
  }
  if (request.method.empty() || request.method.find_first_of(" \t\r\n") != std::string::npos) {
    return failure(HttpError::InvalidRequest, "invalid HTTP method '" + request.method + "'");
  }
  for (const auto& [name, value] : request.headers.items) {
    // A CR or LF would let a value smuggle in headers of its own.
    if (name.empty() || (name + value).find_first_of("\r\n") != std::string::npos) {
      return failure(HttpError::InvalidRequest,
                     "invalid HTTP header '" + name + "' (empty name or a line break)");
    }
  }
  std::string where = request.method + " " + url->str();
  std::string proxy_err;
  std::optional<ProxyTarget> proxy = proxy_for(options_.proxy, *url, &proxy_err);
  if (!proxy_err.empty()) return failure(HttpError::InvalidRequest, where + ": " + proxy_err);
  // A connection through a proxy is not one made directly: pooled apart.
  std::string key = url->origin() + (proxy ? " via " + proxy->url.origin() : "");
  auto timeout = request.timeout.count() > 0 ? request.timeout : options_.request_timeout;

  // "Connection: close" asks for a connection of its own, so it is never sent twice.
  bool fresh_only = iequals(request.headers.get("Connection"), "close");
  for (int attempt = 1;; ++attempt) {
    // The second attempt always opens a fresh connection: the pooled ones likely died together.
    std::unique_ptr<Connection> conn = attempt == 1 && !fresh_only ? take_idle(key) : nullptr;
    bool reused = conn != nullptr;
    if (!conn) {
      HttpResponse out;
      conn = connect(*url, proxy ? &*proxy : nullptr, where, &out);
      if (!conn) {
        out.attempts = attempt;
        return out;
      }
    }
    Exchange ex = exchange(*conn, *url, proxy ? &*proxy : nullptr, request, timeout, where);
    ex.response.attempts = attempt;
    if (!ex.ec) {
      if (ex.keep_alive) put_idle(key, std::move(conn));
      return std::move(ex.response);
    }
    // A kept-alive connection the server had already closed: the request cannot have been
    // processed if it failed on write or nothing at all came back; otherwise only when repeating
    // it is harmless.
    bool unprocessed = ex.write_failed || !ex.got_bytes;
    if (attempt == 1 && reused && is_drop(ex.ec) && (unprocessed || is_idempotent(request))) {
      continue;
    }
    return std::move(ex.response);
  }
}

}  // namespace

std::unique_ptr<HttpTransport> make_beast_transport(const TlsConfig& tls,
                                                    const BeastTransportOptions& options,
                                                    std::string* err) {
  std::string why;
  auto ctx = make_client_tls_context(tls, &why);
  if (!ctx) {
    if (err) *err = "TLS configuration: " + why;
    return nullptr;
  }
  return std::make_unique<BeastTransport>(tls, options, std::move(ctx));
}

}  // namespace fedplan
