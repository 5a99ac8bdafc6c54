// ConnectProxy: POSIX sockets, an accept thread, and per tunnel a thread that reads the CONNECT
// header, dials the target and copies bytes both ways with poll until one side closes.
#include "base/http/testing/connect_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace fedplan::testing {

struct ConnectProxy::Impl {
  ConnectProxyOptions options;
  int listen_fd = -1;
  uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::atomic<int> tunnels{0};
  std::atomic<int> refused{0};
  mutable std::mutex mu;
  std::vector<std::string> targets;
  std::vector<int> fds;  // every socket in use, shut down on stop
  std::vector<std::thread> threads;
  std::thread accept_thread;

  void track(int fd) {
    std::lock_guard<std::mutex> lock(mu);
    fds.push_back(fd);
  }
  void accept_loop();
  void serve(int client);
};

namespace {

bool send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

int dial_local(const std::string& hostport) {
  size_t colon = hostport.rfind(':');
  if (colon == std::string::npos) return -1;
  std::string host = hostport.substr(0, colon);
  if (host == "localhost") host = "127.0.0.1";
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(std::stoi(hostport.substr(colon + 1))));
  if (inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1) return -1;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string header_value(const std::string& head, const std::string& name) {
  std::string lower_head = head, lower_name = name + ":";
  for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : lower_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = lower_head.find("\r\n" + lower_name);
  if (at == std::string::npos) return "";
  size_t start = head.find_first_not_of(' ', at + 2 + lower_name.size());
  size_t end = head.find("\r\n", start);
  return head.substr(start, end - start);
}

}  // namespace

void ConnectProxy::Impl::accept_loop() {
  while (!stopping) {
    int c = ::accept(listen_fd, nullptr, nullptr);
    if (stopping) {
      if (c >= 0) ::close(c);
      break;
    }
    if (c < 0) continue;
    track(c);
    std::lock_guard<std::mutex> lock(mu);
    threads.emplace_back([this, c] { serve(c); });
  }
}

void ConnectProxy::Impl::serve(int client) {
  std::string head;
  char buf[16384];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
    ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) return;
    head.append(buf, static_cast<size_t>(n));
  }
  size_t sp1 = head.find(' ');
  size_t sp2 = head.find(' ', sp1 + 1);
  std::string method = head.substr(0, sp1);
  std::string target = head.substr(sp1 + 1, sp2 - sp1 - 1);
  if (method != "CONNECT") {
    ++refused;
    send_all(client, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  if (!options.required_authorization.empty() &&
      header_value(head, "Proxy-Authorization") != options.required_authorization) {
    ++refused;
    send_all(client, "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    targets.push_back(target);
  }
  auto route = options.routes.find(target);
  int upstream = dial_local(route == options.routes.end() ? target : route->second);
  if (upstream < 0) {
    ++refused;
    send_all(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  track(upstream);
  ++tunnels;
  if (!send_all(client, "HTTP/1.1 200 Connection established\r\n\r\n")) return;
  std::string rest = head.substr(head.find("\r\n\r\n") + 4);
  if (!rest.empty() && !send_all(upstream, rest)) return;
  pollfd p[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
  while (!stopping) {
    if (::poll(p, 2, 200) < 0) break;
    bool done = false;
    for (int i = 0; i < 2 && !done; ++i) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::recv(p[i].fd, buf, sizeof buf, 0);
      if (n <= 0 || !send_all(p[1 - i].fd, std::string(buf, static_cast<size_t>(n)))) done = true;
    }
    if (done) break;
  }
  ::shutdown(upstream, SHUT_RDWR);
  ::shutdown(client, SHUT_RDWR);
}

ConnectProxy::ConnectProxy(ConnectProxyOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (impl_->listen_fd < 0 || ::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&a), len) ||
      ::listen(impl_->listen_fd, 64) ||
      ::getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&a), &len))
    throw std::runtime_error("ConnectProxy: cannot listen on 127.0.0.1");
  impl_->port = ntohs(a.sin_port);
  impl_->accept_thread = std::thread([this] { impl_->accept_loop(); });
}

ConnectProxy::~ConnectProxy() {
  stop();
}

void ConnectProxy::stop() {
  if (impl_->stopping.exchange(true)) return;
  ::shutdown(impl_->listen_fd, SHUT_RDWR);
  impl_->accept_thread.join();
  ::close(impl_->listen_fd);
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (int fd : impl_->fds) ::shutdown(fd, SHUT_RDWR);
    threads = std::move(impl_->threads);
  }
  for (std::thread& t : threads) t.join();
  for (int fd : impl_->fds) ::close(fd);
}

uint16_t ConnectProxy::port() const {
  return impl_->port;
}
std::string ConnectProxy::url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}
int ConnectProxy::tunnels() const {
  return impl_->tunnels;
}
int ConnectProxy::refused() const {
  return impl_->refused;
}
std::vector<std::string> ConnectProxy::targets() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->targets;
}

}  // namespace fedplan::testing
