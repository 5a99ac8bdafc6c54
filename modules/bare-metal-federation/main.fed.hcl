# Bare metal (UPI): the two meshes peered both ways, reached either through NodePort gateways
# opened in firewalld on every node host over ssh, or through MetalLB LoadBalancer Services.

locals {
  node_port = var.mode == "node_port"
  metallb   = var.mode == "metallb"

  firewall_zone      = var.firewall_zone == null ? "public" : var.firewall_zone
  firewall_protocols = var.firewall_protocols == null ? ["tcp"] : var.firewall_protocols

  # Every node of each cluster, in the API server's order, with its InternalIPs.
  nodes_a = [
    for n in data.kube_objects.nodes_a.objects : {
      name         = n.metadata.name
      internal_ips = [for a in lookup(lookup(n, "status", {}), "addresses", []) : a.address if a.type == "InternalIP"]
    }
  ]
  nodes_b = [
    for n in data.kube_objects.nodes_b.objects : {
      name         = n.metadata.name
      internal_ips = [for a in lookup(lookup(n, "status", {}), "addresses", []) : a.address if a.type == "InternalIP"]
    }
  ]
  # metallb: each peer's address is the gateway Service's load-balancer address and its ports
  # the Service's own (15443, 8188). No fallback to a node: without a firewall opening a node
  # would not answer, so a missing address stops the peer with an error instead.
  ingress_a = module.pair.mesh_a.ingress_services[var.mesh_b]
  ingress_b = module.pair.mesh_b.ingress_services[var.mesh_a]
  lb_endpoint_a = {
    address        = local.ingress_a.load_balancer_address
    service_port   = local.ingress_a.service_port
    discovery_port = local.ingress_a.discovery_port
  }
  lb_endpoint_b = {
    address        = local.ingress_b.load_balancer_address
    service_port   = local.ingress_b.service_port
    discovery_port = local.ingress_b.discovery_port
  }

  # Inputs that mean something only in node_port mode, by name, when they are set.
  node_port_inputs = {
    address_a          = var.address_a
    address_b          = var.address_b
    firewall_hosts_a   = var.firewall_hosts_a
    firewall_hosts_b   = var.firewall_hosts_b
    firewall_zone      = var.firewall_zone
    firewall_protocols = var.firewall_protocols
  }
  misplaced_inputs = local.metallb ? [for k, v in local.node_port_inputs : k if v != null] : []

  # One opening per gateway port and protocol on the hosts of the cluster that serves it. The
  # keys are known when planning; the NodePorts once the control planes made their Services.
  openings_a = local.node_port ? {
    for o in flatten([
      for kind in ["service", "discovery"] : [
        for proto in distinct(local.firewall_protocols) : {
          key      = "${var.mesh_a}-${kind}-${proto}"
          port     = module.pair.node_ports[var.mesh_a][kind]
          protocol = proto
        }
      ]
    ]) : o.key => o
  } : {}
  openings_b = local.node_port ? {
    for o in flatten([
      for kind in ["service", "discovery"] : [
        for proto in distinct(local.firewall_protocols) : {
          key      = "${var.mesh_b}-${kind}-${proto}"
          port     = module.pair.node_ports[var.mesh_b][kind]
          protocol = proto
        }
      ]
    ]) : o.key => o
  } : {}
}

# The clusters' nodes, read when planning: the default peer addresses, the check that every
# node has a firewall host, and the place where inconsistent inputs stop the plan.
data "kube_objects" "nodes_a" {
  provider = kube.a
  kind     = "Node"
  lifecycle {
    precondition {
      condition     = var.mesh_a != var.mesh_b
      error_message = "mesh_a and mesh_b are both \"${var.mesh_a}\": the two meshes need different names."
    }
    precondition {
      condition     = length(local.misplaced_inputs) == 0
      error_message = "mode = \"metallb\" takes each peer's address from its gateway Service's load balancer and changes no firewall, so these node_port inputs would do nothing: ${join(", ", local.misplaced_inputs)}. Remove them, or set mode = \"node_port\"."
    }
  }
}

data "kube_objects" "nodes_b" {
  provider = kube.b
  kind     = "Node"
}

module "pair" {
  source               = "../federation-pair"
  providers            = { kube.a = kube.a, kube.b = kube.b }
  mesh_a               = var.mesh_a
  mesh_b               = var.mesh_b
  control_plane_a      = var.control_plane_a
  control_plane_b      = var.control_plane_b
  ingress_service_type = local.metallb ? "LoadBalancer" : "NodePort"
  address_mode         = local.metallb ? "load_balancer" : "node_port"
  address_a            = local.node_port ? var.address_a : null
  address_b            = local.node_port ? var.address_b : null
  endpoint_a           = local.metallb ? local.lb_endpoint_a : null
  endpoint_b           = local.metallb ? local.lb_endpoint_b : null
  exports_a            = var.exports_a
  imports_b            = var.imports_b
  exports_b            = var.exports_b
  imports_a            = var.imports_a
  ready_timeout        = var.ready_timeout
  install_operators    = var.install_operators
  install_setting      = "install_operators = true on the bare-metal-federation module"
  operators_timeout    = var.operators_timeout
}

# Mesh a's gateway NodePorts, open at runtime and permanently on every host of firewalld.a
# (the seed's "ssh scripting", recorded: destroy closes exactly these).
resource "firewalld_port" "a" {
  provider = firewalld.a
  for_each = local.openings_a
  zone     = local.firewall_zone
  port     = each.value.port
  protocol = each.value.protocol
  lifecycle {
    precondition {
      condition     = var.firewall_hosts_a == null ? true : length(var.firewall_hosts_a) == length(local.nodes_a)
      error_message = "firewall_hosts_a lists ${var.firewall_hosts_a == null ? 0 : length(var.firewall_hosts_a)} host(s) (${var.firewall_hosts_a == null ? "" : join(", ", var.firewall_hosts_a)}) for the ${length(local.nodes_a)} node(s) of cluster a (mesh ${var.mesh_a}: ${join(", ", [for n in local.nodes_a : n.name])}). Every node serves the NodePorts: list one ssh host per node, in firewall_hosts_a and in the firewalld.a provider's hosts (or leave firewall_hosts_a unset to skip this check)."
    }
  }
}

# The same for mesh b on the hosts of firewalld.b.
resource "firewalld_port" "b" {
  provider = firewalld.b
  for_each = local.openings_b
  zone     = local.firewall_zone
  port     = each.value.port
  protocol = each.value.protocol
  lifecycle {
    precondition {
      condition     = var.firewall_hosts_b == null ? true : length(var.firewall_hosts_b) == length(local.nodes_b)
      error_message = "firewall_hosts_b lists ${var.firewall_hosts_b == null ? 0 : length(var.firewall_hosts_b)} host(s) (${var.firewall_hosts_b == null ? "" : join(", ", var.firewall_hosts_b)}) for the ${length(local.nodes_b)} node(s) of cluster b (mesh ${var.mesh_b}: ${join(", ", [for n in local.nodes_b : n.name])}). Every node serves the NodePorts: list one ssh host per node, in firewall_hosts_b and in the firewalld.b provider's hosts (or leave firewall_hosts_b unset to skip this check)."
    }
  }
}
