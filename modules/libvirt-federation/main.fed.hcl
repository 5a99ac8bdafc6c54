# libvirt: NodePort federation gateways on both clusters, their four NodePorts opened in the
# hypervisor's libvirt zone (recorded, permanent unless asked otherwise), and the peering.

module "pair" {
  source               = "../federation-pair"
  providers            = { kube.a = kube.a, kube.b = kube.b }
  mesh_a               = var.mesh_a
  mesh_b               = var.mesh_b
  control_plane_a      = var.control_plane_a
  control_plane_b      = var.control_plane_b
  ingress_service_type = "NodePort"
  address_mode         = var.single_cluster ? "cluster_local" : "node_port"
  address_a            = var.address_a
  address_b            = var.address_b
  route_a              = var.route_a
  route_b              = var.route_b
  exports_a            = var.exports_a
  imports_b            = var.imports_b
  exports_b            = var.exports_b
  imports_a            = var.imports_a
  ready_timeout        = var.ready_timeout
  install_operators    = var.install_operators
  install_setting      = "install_operators = true on the libvirt-federation module"
  operators_timeout    = var.operators_timeout
}

locals {
  # One opening per mesh, gateway port and protocol. The keys are known when planning; the
  # NodePorts become known once the control planes made their gateway Services.
  opening_list = var.single_cluster ? [] : flatten([
    for mesh in [var.mesh_a, var.mesh_b] : [
      for kind in ["service", "discovery"] : [
        for proto in var.firewall_protocols : {
          key      = "${mesh}-${kind}-${proto}"
          port     = module.pair.node_ports[mesh][kind]
          protocol = proto
        }
      ]
    ]
  ])
  openings = { for o in local.opening_list : o.key => o }
}

# The seed's `nc` probes and `firewall-cmd --add-port`, as recorded state: the plan shows what
# the firewall holds, and destroy closes exactly these.
resource "firewalld_port" "gateway" {
  for_each     = local.openings
  zone         = var.firewall_zone
  port         = each.value.port
  protocol     = each.value.protocol
  runtime_only = var.firewall_runtime_only
}
