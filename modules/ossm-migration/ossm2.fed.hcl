# The OSSM 2 half: libvirt-federation's federation (operators, control planes, NodePort
# gateways opened in firewalld, peers, export and import sets), with what each stage changes:
# members leave the roll at stage 3, the federation objects go at stage 4.

locals {
  # Traffic is on OSSM 3 from stage 3; the federation stays until stage 4.
  moved_to_ossm3 = var.stage >= 3
  federated      = var.stage <= 3
  members_a      = ["${var.mesh_a}-bookinfo"]
  members_b      = ["${var.mesh_b}-bookinfo"]
}

module "operators_a" {
  source          = "../ossm-operators"
  providers       = { kube = kube.a }
  install         = var.install_operators
  cluster         = var.mesh_a
  install_setting = "install_operators = true on the ossm-migration module"
  timeout         = var.operators_timeout
}

module "operators_b" {
  source          = "../ossm-operators"
  providers       = { kube = kube.b }
  install         = var.install_operators
  cluster         = var.mesh_b
  install_setting = "install_operators = true on the ossm-migration module"
  timeout         = var.operators_timeout
}

module "mesh_a" {
  source               = "../ossm-control-plane"
  providers            = { kube = kube.a }
  mesh                 = var.mesh_a
  peers                = local.federated ? [var.mesh_b] : []
  control_plane_name   = var.control_plane_a
  member_namespaces    = local.members_a
  roll_members         = local.moved_to_ossm3 ? [] : local.members_a
  namespace_labels     = local.moved_to_ossm3 ? { for ns in local.members_a : ns => local.ossm3_labels_a } : {}
  ingress_service_type = "NodePort"
  address_mode         = "node_port"
  address              = var.address_a
  ready_timeout        = var.ready_timeout
  depends_on           = [module.operators_a]
}

module "mesh_b" {
  source               = "../ossm-control-plane"
  providers            = { kube = kube.b }
  mesh                 = var.mesh_b
  peers                = local.federated ? [var.mesh_a] : []
  control_plane_name   = var.control_plane_b
  member_namespaces    = local.members_b
  roll_members         = local.moved_to_ossm3 ? [] : local.members_b
  namespace_labels     = local.moved_to_ossm3 ? { for ns in local.members_b : ns => local.ossm3_labels_b } : {}
  ingress_service_type = "NodePort"
  address_mode         = "node_port"
  address              = var.address_b
  ready_timeout        = var.ready_timeout
  depends_on           = [module.operators_a, module.operators_b]
}

# On mesh a: mesh b as a peer (until stage 4).
module "a_peers_b" {
  source         = "../mesh-peering"
  count          = local.federated ? 1 : 0
  providers      = { kube = kube.a }
  local_mesh     = module.mesh_a
  remote_mesh    = merge(module.mesh_b, module.mesh_b.endpoints[var.mesh_a])
  exports        = var.exports_a
  imports        = var.imports_a
  remote_exports = var.exports_b
}

# On mesh b: mesh a as a peer (until stage 4).
module "b_peers_a" {
  source         = "../mesh-peering"
  count          = local.federated ? 1 : 0
  providers      = { kube = kube.b }
  local_mesh     = module.mesh_b
  remote_mesh    = merge(module.mesh_a, module.mesh_a.endpoints[var.mesh_b])
  exports        = var.exports_b
  imports        = var.imports_b
  remote_exports = var.exports_a
}

locals {
  # libvirt-federation's openings: both federation gateway NodePorts per mesh and protocol.
  federation_node_ports = local.federated ? {
    (var.mesh_a) = module.mesh_a.node_ports[var.mesh_b]
    (var.mesh_b) = module.mesh_b.node_ports[var.mesh_a]
  } : {}
  opening_list = flatten([
    for mesh, ports in local.federation_node_ports : [
      for kind in ["service", "discovery"] : [
        for proto in var.firewall_protocols : {
          key      = "${mesh}-${kind}-${proto}"
          port     = ports[kind]
          protocol = proto
        }
      ]
    ]
  ])
}

resource "firewalld_port" "gateway" {
  for_each     = { for o in local.opening_list : o.key => o }
  zone         = var.firewall_zone
  port         = each.value.port
  protocol     = each.value.protocol
  runtime_only = var.firewall_runtime_only
}
