# Three meshes on three clusters, every pair peered both ways (the federation module over an
# inventory of three). mesh1 exports ratings and mongodb to the others, which import them.

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
  description = "The meshes in the federation (a subset of mesh1, mesh2, mesh3). Leaving one out decommissions it: it and its peers on the others are deleted."
  validation {
    condition     = length(setsubtract(var.meshes, ["mesh1", "mesh2", "mesh3"])) == 0
    error_message = "meshes may only hold mesh1, mesh2 and mesh3."
  }
}

variable "platform" {
  type        = string
  default     = "node_port"
  description = "node_port (NodePort gateways, peers use a node's address) or cloud_lb (LoadBalancer gateways); see modules/federation for the others."
}

locals {
  exports = [
    { namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo", alias_name = "ratings" },
    { namespace = "mesh1-bookinfo", name = "mongodb", alias_namespace = "bookinfo", alias_name = "mongodb" },
  ]
  kubeconfigs = {
    mesh1 = var.mesh1_kubeconfig
    mesh2 = var.mesh2_kubeconfig
    mesh3 = var.mesh3_kubeconfig
  }
}

# Every cluster stays in the inventory, present or not: fedplan needs its provider
# configuration to delete what it recorded there.
module "federation" {
  source = "../../modules/federation"
  clusters = {
    for m, kubeconfig in local.kubeconfigs : m => {
      kubeconfig = kubeconfig
      platform   = var.platform
      present    = contains(var.meshes, m)
      exports    = m == "mesh1" ? local.exports : []
      imports    = m == "mesh1" ? [] : [{ from = "mesh1", namespace = "bookinfo", alias_namespace = "${m}-bookinfo" }]
    }
  }
}

output "peers" {
  description = "Per ordered pair \"a->b\": where mesh a reaches mesh b."
  value       = module.federation.peers
}
