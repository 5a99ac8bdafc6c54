# Three meshes on three clusters, every pair peered both ways: each control plane has one
# gateway pair per peer. mesh1 exports ratings and mongodb to the others, which import them.

variable "mesh1_kubeconfig" {
  type    = string
  default = env("MESH1_KUBECONFIG")
}

variable "mesh2_kubeconfig" {
  type    = string
  default = env("MESH2_KUBECONFIG")
}

variable "mesh3_kubeconfig" {
  type    = string
  default = env("MESH3_KUBECONFIG")
}

variable "meshes" {
  type        = list(string)
  default     = ["mesh1", "mesh2", "mesh3"]
  description = "The meshes in the federation (a subset of mesh1, mesh2, mesh3). Removing one deletes it and its peers on the others."
  validation {
    condition     = length(setsubtract(var.meshes, ["mesh1", "mesh2", "mesh3"])) == 0
    error_message = "meshes may only hold mesh1, mesh2 and mesh3."
  }
}

variable "ingress_service_type" {
  type        = string
  default     = "NodePort"
  description = "NodePort (peers use a node's address and the NodePorts) or LoadBalancer."
}

# One provider configuration per cluster, kube.cluster["mesh1"] ... (OpenTofu 1.9's provider
# for_each). Every cluster keeps its instance even when var.meshes leaves it out: fedplan needs
# it to delete what it recorded there.
provider "kube" "cluster" {
  for_each = {
    mesh1 = var.mesh1_kubeconfig
    mesh2 = var.mesh2_kubeconfig
    mesh3 = var.mesh3_kubeconfig
  }
  kubeconfig = each.value
}

locals {
  on = { for m in ["mesh1", "mesh2", "mesh3"] : m => contains(var.meshes, m) }
  # Each mesh's peers: every other mesh in the federation.
  peers = { for m in var.meshes : m => [for p in var.meshes : p if p != m] }

  exports = [
    { namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo", alias_name = "ratings" },
    { namespace = "mesh1-bookinfo", name = "mongodb", alias_namespace = "bookinfo", alias_name = "mongodb" },
  ]
  imports_into = { for m in ["mesh2", "mesh3"] : m => [{ namespace = "bookinfo", alias_namespace = "${m}-bookinfo" }] }
}

module "mesh1" {
  source               = "../../modules/ossm-control-plane"
  count                = local.on.mesh1 ? 1 : 0
  providers            = { kube = kube.cluster["mesh1"] }
  mesh                 = "mesh1"
  peers                = local.peers["mesh1"]
  ingress_service_type = var.ingress_service_type
}

module "mesh2" {
  source               = "../../modules/ossm-control-plane"
  count                = local.on.mesh2 ? 1 : 0
  providers            = { kube = kube.cluster["mesh2"] }
  mesh                 = "mesh2"
  peers                = local.peers["mesh2"]
  ingress_service_type = var.ingress_service_type
}

module "mesh3" {
  source               = "../../modules/ossm-control-plane"
  count                = local.on.mesh3 ? 1 : 0
  providers            = { kube = kube.cluster["mesh3"] }
  mesh                 = "mesh3"
  peers                = local.peers["mesh3"]
  ingress_service_type = var.ingress_service_type
}

# Every ordered pair: on the first mesh, the second as a peer.

module "mesh1_peers_mesh2" {
  source         = "../../modules/mesh-peering"
  count          = local.on.mesh1 && local.on.mesh2 ? 1 : 0
  providers      = { kube = kube.cluster["mesh1"] }
  local_mesh     = module.mesh1[0]
  remote_mesh    = merge(module.mesh2[0], module.mesh2[0].endpoints["mesh1"])
  exports        = local.exports
  remote_exports = []
}

module "mesh1_peers_mesh3" {
  source         = "../../modules/mesh-peering"
  count          = local.on.mesh1 && local.on.mesh3 ? 1 : 0
  providers      = { kube = kube.cluster["mesh1"] }
  local_mesh     = module.mesh1[0]
  remote_mesh    = merge(module.mesh3[0], module.mesh3[0].endpoints["mesh1"])
  exports        = local.exports
  remote_exports = []
}

module "mesh2_peers_mesh1" {
  source         = "../../modules/mesh-peering"
  count          = local.on.mesh2 && local.on.mesh1 ? 1 : 0
  providers      = { kube = kube.cluster["mesh2"] }
  local_mesh     = module.mesh2[0]
  remote_mesh    = merge(module.mesh1[0], module.mesh1[0].endpoints["mesh2"])
  imports        = local.imports_into["mesh2"]
  remote_exports = local.exports
}

module "mesh2_peers_mesh3" {
  source      = "../../modules/mesh-peering"
  count       = local.on.mesh2 && local.on.mesh3 ? 1 : 0
  providers   = { kube = kube.cluster["mesh2"] }
  local_mesh  = module.mesh2[0]
  remote_mesh = merge(module.mesh3[0], module.mesh3[0].endpoints["mesh2"])
}

module "mesh3_peers_mesh1" {
  source         = "../../modules/mesh-peering"
  count          = local.on.mesh3 && local.on.mesh1 ? 1 : 0
  providers      = { kube = kube.cluster["mesh3"] }
  local_mesh     = module.mesh3[0]
  remote_mesh    = merge(module.mesh1[0], module.mesh1[0].endpoints["mesh3"])
  imports        = local.imports_into["mesh3"]
  remote_exports = local.exports
}

module "mesh3_peers_mesh2" {
  source      = "../../modules/mesh-peering"
  count       = local.on.mesh3 && local.on.mesh2 ? 1 : 0
  providers   = { kube = kube.cluster["mesh3"] }
  local_mesh  = module.mesh3[0]
  remote_mesh = merge(module.mesh2[0], module.mesh2[0].endpoints["mesh3"])
}

output "peers" {
  description = "For each mesh, the meshes it peers with and where it reaches them."
  value = merge(
    { for p in module.mesh1_peers_mesh2 : "mesh1->mesh2" => p.peer.spec.remote },
    { for p in module.mesh1_peers_mesh3 : "mesh1->mesh3" => p.peer.spec.remote },
    { for p in module.mesh2_peers_mesh1 : "mesh2->mesh1" => p.peer.spec.remote },
    { for p in module.mesh2_peers_mesh3 : "mesh2->mesh3" => p.peer.spec.remote },
    { for p in module.mesh3_peers_mesh1 : "mesh3->mesh1" => p.peer.spec.remote },
    { for p in module.mesh3_peers_mesh2 : "mesh3->mesh2" => p.peer.spec.remote },
  )
}
