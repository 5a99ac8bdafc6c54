# Two meshes peered both ways: a control plane on each cluster, then on each side the peer's
# CA ConfigMap, its ServiceMeshPeer and the export or import set (the seed's stages 1 and 2).

module "a" {
  source               = "../ossm-control-plane"
  providers            = { kube = kube.a }
  mesh                 = var.mesh_a
  peers                = [var.mesh_b]
  control_plane_name   = var.control_plane_a
  ingress_service_type = var.ingress_service_type
  address_mode         = var.address_mode
  address              = var.address_a
  ready_timeout        = var.ready_timeout
}

module "b" {
  source               = "../ossm-control-plane"
  providers            = { kube = kube.b }
  mesh                 = var.mesh_b
  peers                = [var.mesh_a]
  control_plane_name   = var.control_plane_b
  ingress_service_type = var.ingress_service_type
  address_mode         = var.address_mode
  address              = var.address_b
  ready_timeout        = var.ready_timeout
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
