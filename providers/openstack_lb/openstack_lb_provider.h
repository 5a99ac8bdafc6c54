// The openstack_lb provider: Octavia load balancers, listeners, pools, members and health
// monitors, and the load balancer data source, authenticated through Keystone v3.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/env_lookup.h"
#include "base/http/http.h"
#include "base/http/tls_config.h"
#include "providers/openstack_lb/octavia_client.h"
#include "providers/provider.h"

namespace fedplan {

// Makes the HTTP transport for the TLS settings a configuration resolved to (CA bundle,
// insecure, client certificate). nullptr and *err when the TLS material is unusable.
using OpenStackTransportFactory =
    std::function<std::shared_ptr<HttpTransport>(const TlsConfig& tls, std::string* err)>;

// Everything the provider takes from the outside world; every field has a real default.
struct OpenStackLbDeps {
  OpenStackTransportFactory transport;  // default: the Beast transport
  std::shared_ptr<Clock> clock;         // default: SystemClock
  EnvLookup env;                        // default: the process environment
  std::string working_dir;              // where ./clouds.yaml is; default: the current directory
  openstack_lb::WaitOptions wait;       // poll and backoff timing; wait_timeout overrides timeout
};

// An unconfigured openstack_lb provider.
std::unique_ptr<Provider> make_openstack_lb_provider(OpenStackLbDeps deps = {});

}  // namespace fedplan
