// The sandbox's HTTPS server as a client sees it: connections answer without Nagle's delay, as
// kube-apiserver's do, so that a keep-alive connection costs no delayed ACK per answer.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sandbox/testing/test_server.h"

namespace fedplan::sandbox {
namespace {

// The sockets of this process that the server accepted on `port` (a socket whose own port is
// `port` and that is not the listening one), with their TCP_NODELAY setting.
std::vector<int> accepted_nodelay(int port) {
  std::vector<int> out;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    int fd = std::stoi(e.path().filename().string());
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) continue;
    if (addr.ss_family != AF_INET) continue;
    if (ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port) != port) continue;
    int listening = 0, nodelay = 0;
    socklen_t n = sizeof(int);
    ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &n);
    if (listening) continue;
    n = sizeof(int);
    if (::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &n) == 0) out.push_back(nodelay);
  }
  return out;
}

}  // namespace

TEST_CASE("the server turns Nagle's algorithm off on the connections it accepts") {
  testing::RunningSandbox s(SandboxOptions{});
  std::unique_ptr<HttpTransport> client = s.client();  // kept: its connection stays open
  HttpRequest req;
  req.method = "GET";
  req.url = s.url("/api/v1/namespaces");
  req.headers.set("Authorization", "Bearer " + s.sandbox.identity().token);
  REQUIRE(client->send(req).status == 200);
  std::string url = s.sandbox.server_url();
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  std::vector<int> accepted = accepted_nodelay(port);
  REQUIRE(!accepted.empty());
  for (int nodelay : accepted) CHECK(nodelay != 0);
}

}  // namespace fedplan::sandbox
