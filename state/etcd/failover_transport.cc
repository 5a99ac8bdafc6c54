// FailoverTransport: the connect-failure rule that moves a request on to the next member.
#include "state/etcd/failover_transport.h"

namespace fedplan {

namespace {

// Nothing reached the server: the same request can go to another one at once.
bool not_connected(HttpError e) {
  return e == HttpError::ConnectRefused || e == HttpError::Connect || e == HttpError::Resolve;
}

}  // namespace

FailoverTransport::FailoverTransport(std::vector<std::string> endpoints,
                                     std::shared_ptr<HttpTransport> inner)
    : endpoints_(std::move(endpoints)), inner_(std::move(inner)) {
  for (std::string& e : endpoints_)
    while (!e.empty() && e.back() == '/') e.pop_back();
}

HttpResponse FailoverTransport::send(const HttpRequest& request) {
  size_t start = current_.load();
  size_t n = endpoints_.size();
  HttpResponse last;
  std::string refused;
  int attempts = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t at = (start + i) % n;
    HttpRequest r = request;
    r.url = endpoints_[at] + request.url;
    HttpResponse response = inner_->send(r);
    attempts += response.attempts;
    if (not_connected(response.error)) {
      refused += (refused.empty() ? "" : "; ") + response.error_message;
      last = std::move(response);
      continue;
    }
    bool unhealthy = response.transport_failed() || response.status == 503;
    current_.store(unhealthy ? at + 1 : at);
    response.attempts = attempts;
    return response;
  }
  last.attempts = attempts;
  if (n > 1) last.error_message = "no endpoint could be reached: " + refused;
  current_.store(start + 1);
  return last;
}

}  // namespace fedplan
