// The openstack_lb_loadbalancer data source: finds a load balancer someone else made (the
// cluster's cloud provider, for a LoadBalancer Service) by name or id, with its VIP and
// floating IP.
#pragma once

#include <string>

#include "providers/openstack_lb/octavia_client.h"
#include "providers/provider.h"

namespace fedplan::openstack_lb {

ResourceSchema loadbalancer_data_schema();

// Looks the load balancer up. With `timeout` set, waits until it exists and is ACTIVE (the
// cloud provider creates it some seconds after the Service). `neutron_root` ("" when the cloud
// has no network endpoint) is where the floating IP of the VIP port is looked up.
ReadResult read_loadbalancer_data(OctaviaClient& client, const std::string& neutron_root,
                                  const Value& config);

}  // namespace fedplan::openstack_lb
