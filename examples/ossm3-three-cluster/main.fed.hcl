# Three OSSM 3 meshes on three clusters, every ordered pair joined: one provider instance and
# one control plane and gateway per cluster, one discovery module instance per ordered pair.

variable "kubeconfigs" {
  type        = map(string)
  description = "Per mesh, its cluster's kubeconfig. The keys are the meshes."
  default = {
    mesh1 = env("MESH1_KUBECONFIG")
    mesh2 = env("MESH2_KUBECONFIG")
    mesh3 = env("MESH3_KUBECONFIG")
  }
}

variable "discovery" {
  type        = string
  default     = "manual"
  description = "manual or multi_primary (as in examples/ossm3-two-cluster)."
  validation {
    condition     = contains(["manual", "multi_primary"], var.discovery)
    error_message = "discovery must be \"manual\" or \"multi_primary\"."
  }
}

variable "root_cert_file" {
  type        = string
  default     = null
  description = "A shared root CA (PEM file) for every mesh's intermediate. null: a root of each mesh's own (manual discovery only)."
}

variable "root_key_file" {
  type    = string
  default = null
}

variable "service_type" {
  type    = string
  default = "LoadBalancer"
}

variable "exports" {
  type        = any
  description = "Per mesh, the services it exports; every other mesh imports them."
  default = {
    mesh1 = [{
      namespace       = "mesh1-bookinfo"
      name            = "ratings"
      ports           = [{ number = 9080, name = "http" }]
      alias_namespace = "bookinfo"
    }]
    mesh2 = [{
      namespace       = "mesh2-bookinfo"
      name            = "reviews"
      ports           = [{ number = 9080, name = "http" }]
      import_as_local = true
    }]
    mesh3 = []
  }
}

provider "kube" "cluster" {
  for_each   = var.kubeconfigs
  kubeconfig = each.value
}

locals {
  meshes        = keys(var.kubeconfigs)
  multi_primary = var.discovery == "multi_primary"
  cacerts       = var.root_cert_file == null ? {} : { root_cert_file = var.root_cert_file, root_key_file = var.root_key_file }
  # Every ordered pair: "mesh2<-mesh1" is mesh2 importing from (or reading) mesh1.
  pairs = {
    for p in flatten([
      for a in local.meshes : [for b in local.meshes : { local = a, remote = b } if a != b]
    ]) : "${p.local}<-${p.remote}" => p
  }
}

module "mesh" {
  source               = "../../modules/ossm3-control-plane"
  for_each             = var.kubeconfigs
  providers            = { kube = kube.cluster[each.key] }
  mesh                 = each.key
  mesh_id              = local.multi_primary ? "federation" : null
  trust_domain_aliases = [for m in local.meshes : "${m}.local" if m != each.key]
  cacerts              = local.cacerts
}

module "gateway" {
  source       = "../../modules/ossm3-east-west-gateway"
  for_each     = var.kubeconfigs
  providers    = { kube = kube.cluster[each.key] }
  mesh         = module.mesh[each.key]
  expose_all   = local.multi_primary
  service_type = var.service_type
}

# Each mesh's exports, once (every peer reaches them through its gateway).
module "exports" {
  source       = "../../modules/ossm3-manual-discovery"
  for_each     = local.multi_primary ? {} : var.kubeconfigs
  providers    = { kube = kube.cluster[each.key] }
  local_mesh   = module.mesh[each.key]
  gateway_name = module.gateway[each.key].name
  exports      = var.exports[each.key]
}

# Per ordered pair: the local mesh imports what the remote one exports.
module "imports" {
  source          = "../../modules/ossm3-manual-discovery"
  for_each        = local.multi_primary ? {} : { for k, p in local.pairs : k => p if length(var.exports[p.remote]) > 0 }
  providers       = { kube = kube.cluster[each.value.local] }
  local_mesh      = module.mesh[each.value.local]
  remote_mesh     = module.mesh[each.value.remote]
  remote_endpoint = module.gateway[each.value.remote].endpoint
  imports         = var.exports[each.value.remote]
  remote_exports  = var.exports[each.value.remote]
}

# Multi-primary: per ordered pair, the local istiod reads the remote cluster.
module "reads" {
  source            = "../../modules/ossm3-multi-primary"
  for_each          = local.multi_primary ? local.pairs : {}
  providers         = { kube.source = kube.cluster[each.value.remote], kube.target = kube.cluster[each.value.local] }
  source_mesh       = module.mesh[each.value.remote]
  target_mesh       = module.mesh[each.value.local]
  source_kubeconfig = var.kubeconfigs[each.value.remote]
}

output "endpoints" {
  value = { for m, g in module.gateway : m => g.endpoint }
}

output "imports" {
  value = { for k, i in module.imports : k => i.imports }
}

output "remote_secrets" {
  value = { for k, r in module.reads : k => r.remote_secret }
}
