# platform octavia: an Octavia load balancer in front of the gateway's NodePort: one TCP
# listener on the cross-network port, a SOURCE_IP pool with a TCP monitor, a member per node.

locals {
  octavia       = var.platform == "octavia"
  octavia_name  = coalesce(var.octavia.load_balancer_name, "${var.mesh.mesh}-east-west")
  octavia_nodes = local.octavia && var.octavia.nodes != null ? toset(var.octavia.nodes) : toset([])
}

resource "openstack_lb_loadbalancer" "gateway" {
  count          = local.octavia ? 1 : 0
  name           = local.octavia_name
  description    = "East-west gateway of mesh ${var.mesh.mesh} (fedplan)"
  vip_subnet_id  = var.octavia.vip_subnet_id
  vip_network_id = var.octavia.vip_network_id
  vip_address    = var.octavia.vip_address
  flavor_id      = var.octavia.flavor_id
  lifecycle {
    precondition {
      condition     = var.octavia.vip_subnet_id != null || var.octavia.vip_network_id != null
      error_message = "Mesh ${var.mesh.mesh}: platform octavia needs the network of the load balancer's VIP: set octavia.vip_subnet_id (or vip_network_id)."
    }
    precondition {
      condition     = length(local.octavia_nodes) > 0
      error_message = "Mesh ${var.mesh.mesh}: platform octavia needs the nodes to put behind the load balancer: set octavia.nodes (node names). Nodes in the cluster: ${join(", ", sort(keys(local.node_address)))}."
    }
  }
}

resource "openstack_lb_listener" "gateway" {
  count           = local.octavia ? 1 : 0
  name            = "${local.octavia_name}-cross-network"
  loadbalancer_id = openstack_lb_loadbalancer.gateway[0].id
  protocol        = "TCP"
  protocol_port   = var.port
  allowed_cidrs   = var.octavia.allowed_cidrs
}

resource "openstack_lb_pool" "gateway" {
  count        = local.octavia ? 1 : 0
  name         = "${local.octavia_name}-cross-network"
  listener_id  = openstack_lb_listener.gateway[0].id
  protocol     = "TCP"
  lb_algorithm = "SOURCE_IP"
}

resource "openstack_lb_member" "gateway" {
  for_each      = local.octavia_nodes
  name          = "${local.octavia_name}-${each.key}"
  pool_id       = openstack_lb_pool.gateway[0].id
  address       = lookup(local.node_address, each.key, null)
  protocol_port = local.node_port_number
  subnet_id     = var.octavia.member_subnet_id
  lifecycle {
    precondition {
      condition     = lookup(local.node_address, each.key, null) != null
      error_message = "Mesh ${var.mesh.mesh}: node ${each.key} is not in the cluster or has no InternalIP. Nodes in the cluster: ${join(", ", sort(keys(local.node_address)))}."
    }
  }
}

resource "openstack_lb_monitor" "gateway" {
  count       = local.octavia ? 1 : 0
  name        = "${local.octavia_name}-cross-network"
  pool_id     = openstack_lb_pool.gateway[0].id
  type        = "TCP"
  delay       = 5
  timeout     = 3
  max_retries = 3
}
