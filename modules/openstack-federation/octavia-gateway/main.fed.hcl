# One mesh's Octavia load balancer in front of its federation gateway's NodePorts: a TCP
# listener per federation port, a SOURCE_IP pool behind each, and one member per node.

locals {
  name = coalesce(var.settings.load_balancer_name, "${var.mesh}-federation")

  # Member keys must be known when planning, so the nodes are named in the settings; their
  # addresses come from the cluster's Node objects, read when planning (no depends_on).
  node_names = var.settings.nodes == null ? [] : var.settings.nodes
  addresses = {
    # Each node's first InternalIP (a dual-stack node has one per family), or null.
    for n in data.kube_objects.nodes.objects : n.metadata.name => concat([
      for a in lookup(n.status, "addresses", []) : a.address if a.type == "InternalIP"
    ], [null])[0]
  }
  members = {
    for m in flatten([
      for kind in keys(var.ports) : [
        for node in local.node_names : { key = "${kind}/${node}", kind = kind, node = node }
      ]
    ]) : m.key => m
  }
}

data "kube_objects" "nodes" {
  kind = "Node"
}

resource "openstack_lb_loadbalancer" "gateway" {
  name           = local.name
  description    = "Federation ingress of mesh ${var.mesh} (fedplan)"
  vip_subnet_id  = var.settings.vip_subnet_id
  vip_network_id = var.settings.vip_network_id
  vip_address    = var.settings.vip_address
  flavor_id      = var.settings.flavor_id
  lifecycle {
    precondition {
      condition     = var.settings.vip_subnet_id != null || var.settings.vip_network_id != null
      error_message = "Mesh ${var.mesh}: octavia mode needs the network of the load balancer's VIP: set vip_subnet_id (or vip_network_id) in its openstack settings."
    }
    precondition {
      condition     = length(local.node_names) > 0
      error_message = "Mesh ${var.mesh}: octavia mode needs the nodes to put behind the load balancer: set nodes (node names) in its openstack settings. Nodes in the cluster: ${join(", ", sort(keys(local.addresses)))}."
    }
  }
}

resource "openstack_lb_listener" "gateway" {
  for_each        = var.ports
  name            = "${local.name}-${each.key}"
  loadbalancer_id = openstack_lb_loadbalancer.gateway.id
  protocol        = "TCP"
  protocol_port   = each.value
  allowed_cidrs   = var.settings.allowed_cidrs
}

resource "openstack_lb_pool" "gateway" {
  for_each     = var.ports
  name         = "${local.name}-${each.key}"
  listener_id  = openstack_lb_listener.gateway[each.key].id
  protocol     = "TCP"
  lb_algorithm = "SOURCE_IP"
}

resource "openstack_lb_member" "gateway" {
  for_each      = local.members
  name          = "${local.name}-${each.value.kind}-${each.value.node}"
  pool_id       = openstack_lb_pool.gateway[each.value.kind].id
  address       = lookup(local.addresses, each.value.node, null)
  protocol_port = var.node_ports[each.value.kind]
  subnet_id     = var.settings.member_subnet_id
  lifecycle {
    precondition {
      condition     = lookup(local.addresses, each.value.node, null) != null
      error_message = "Mesh ${var.mesh}: node ${each.value.node} is not in the cluster or has no InternalIP. Nodes in the cluster: ${join(", ", sort(keys(local.addresses)))}."
    }
  }
}

resource "openstack_lb_monitor" "gateway" {
  for_each    = var.health_monitor ? var.ports : {}
  name        = "${local.name}-${each.key}"
  pool_id     = openstack_lb_pool.gateway[each.key].id
  type        = "TCP"
  delay       = 5
  timeout     = 3
  max_retries = 3
}

# A floating IP associated with the VIP port (outside fedplan), found through Neutron.
data "openstack_lb_loadbalancer" "gateway" {
  count = var.floating_ip_lookup ? 1 : 0
  id    = openstack_lb_loadbalancer.gateway.id
}
