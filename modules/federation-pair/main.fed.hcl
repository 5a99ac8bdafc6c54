# Two meshes peered both ways: the operators and a control plane on each cluster, then on each
# side the peer's CA ConfigMap, its ServiceMeshPeer and the export or import set.

# The operators each cluster needs (Service Mesh, Kiali, Jaeger): installed through OLM with
# install_operators, else checked for, so a missing one fails the plan, not the apply.
module "operators_a" {
  source          = "../ossm-operators"
  providers       = { kube = kube.a }
  install         = var.install_operators
  cluster         = var.mesh_a
  install_setting = var.install_setting
  timeout         = var.operators_timeout
}

# Both meshes in one cluster: one set of operators serves both.
module "operators_b" {
  source          = "../ossm-operators"
  count           = var.address_mode == "cluster_local" ? 0 : 1
  providers       = { kube = kube.b }
  install         = var.install_operators
  cluster         = var.mesh_b
  install_setting = var.install_setting
  timeout         = var.operators_timeout
}

module "a" {
  source                 = "../ossm-control-plane"
  providers              = { kube = kube.a }
  mesh                   = var.mesh_a
  peers                  = [var.mesh_b]
  control_plane_name     = var.control_plane_a
  ingress_service_type   = var.ingress_service_type
  address_mode           = var.address_mode
  address                = var.address_a
  route                  = var.route_a
  load_balancer_timeout  = var.load_balancer_timeout
  load_balancer_fallback = var.load_balancer_fallback
  ready_timeout          = var.ready_timeout
  depends_on             = [module.operators_a]
}

module "b" {
  source                 = "../ossm-control-plane"
  providers              = { kube = kube.b }
  mesh                   = var.mesh_b
  peers                  = [var.mesh_a]
  control_plane_name     = var.control_plane_b
  ingress_service_type   = var.ingress_service_type
  address_mode           = var.address_mode
  address                = var.address_b
  route                  = var.route_b
  load_balancer_timeout  = var.load_balancer_timeout
  load_balancer_fallback = var.load_balancer_fallback
  ready_timeout          = var.ready_timeout
  depends_on             = [module.operators_a, module.operators_b]
}

locals {
  endpoint_a = var.endpoint_a != null ? var.endpoint_a : module.a.endpoints[var.mesh_b]
  endpoint_b = var.endpoint_b != null ? var.endpoint_b : module.b.endpoints[var.mesh_a]
}

# On mesh a: mesh b as a peer.
module "a_peers_b" {
  source         = "../mesh-peering"
  providers      = { kube = kube.a }
  local_mesh     = module.a
  remote_mesh    = merge(module.b, local.endpoint_b)
  exports        = var.exports_a
  imports        = var.imports_a
  remote_exports = var.exports_b
}

# On mesh b: mesh a as a peer.
module "b_peers_a" {
  source         = "../mesh-peering"
  providers      = { kube = kube.b }
  local_mesh     = module.b
  remote_mesh    = merge(module.a, local.endpoint_a)
  exports        = var.exports_b
  imports        = var.imports_b
  remote_exports = var.exports_a
}
