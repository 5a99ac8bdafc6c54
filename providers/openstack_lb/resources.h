// The resource types of the openstack_lb provider, one spec each (one file each).
// Each spec says which attributes Octavia changes in place and which force a replacement.
#pragma once

#include "providers/openstack_lb/resource_spec.h"

namespace fedplan::openstack_lb {

ResourceSpec loadbalancer_spec();  // openstack_lb_loadbalancer
ResourceSpec listener_spec();      // openstack_lb_listener
ResourceSpec pool_spec();          // openstack_lb_pool
ResourceSpec member_spec();        // openstack_lb_member
ResourceSpec monitor_spec();       // openstack_lb_monitor

}  // namespace fedplan::openstack_lb
