# Three OSSM 3 meshes on three clusters, every ordered pair joined: one provider instance, one
# control plane and one gateway per cluster, one discovery module instance per ordered pair.

variable "kubeconfigs" {
  type        = map(string)
  description = "Per mesh (mesh1, mesh2, mesh3), its cluster's kubeconfig."
  default = {
    mesh1 = env("MESH1_KUBECONFIG")
    mesh2 = env("MESH2_KUBECONFIG")
    mesh3 = env("MESH3_KUBECONFIG")
  }
  validation {
    condition     = length(setsubtract(keys(var.kubeconfigs), ["mesh1", "mesh2", "mesh3"])) == 0 && length(var.kubeconfigs) == 3
    error_message = "kubeconfigs needs exactly the keys mesh1, mesh2 and mesh3."
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
  own_roots     = var.root_cert_file == null
  # Every ordered pair: "mesh2<-mesh1" is mesh2 importing from (or reading) mesh1.
  pairs = {
    for p in flatten([
      for a in local.meshes : [for b in local.meshes : { local = a, remote = b } if a != b]
    ]) : "${p.local}<-${p.remote}" => p
  }
}

# One block per mesh (not for_each): each trusts the others' roots of their own, which one
# instance of a for_each block could not read from another.
module "mesh1" {
  source               = "../../modules/ossm3-control-plane"
  providers            = { kube = kube.cluster["mesh1"] }
  mesh                 = "mesh1"
  mesh_id              = local.multi_primary ? "federation" : null
  trust_domain_aliases = ["mesh2.local", "mesh3.local"]
  cacerts              = local.cacerts
  extra_root_certs     = local.own_roots ? [module.mesh2.cacerts_root, module.mesh3.cacerts_root] : []
}

module "mesh2" {
  source               = "../../modules/ossm3-control-plane"
  providers            = { kube = kube.cluster["mesh2"] }
  mesh                 = "mesh2"
  mesh_id              = local.multi_primary ? "federation" : null
  trust_domain_aliases = ["mesh1.local", "mesh3.local"]
  cacerts              = local.cacerts
  extra_root_certs     = local.own_roots ? [module.mesh1.cacerts_root, module.mesh3.cacerts_root] : []
}

module "mesh3" {
  source               = "../../modules/ossm3-control-plane"
  providers            = { kube = kube.cluster["mesh3"] }
  mesh                 = "mesh3"
  mesh_id              = local.multi_primary ? "federation" : null
  trust_domain_aliases = ["mesh1.local", "mesh2.local"]
  cacerts              = local.cacerts
  extra_root_certs     = local.own_roots ? [module.mesh1.cacerts_root, module.mesh2.cacerts_root] : []
}

locals {
  mesh = { mesh1 = module.mesh1, mesh2 = module.mesh2, mesh3 = module.mesh3 }
}

module "gateway" {
  source       = "../../modules/ossm3-east-west-gateway"
  for_each     = var.kubeconfigs
  providers    = { kube = kube.cluster[each.key] }
  mesh         = local.mesh[each.key]
  expose_all   = local.multi_primary
  service_type = var.service_type
}

# Each mesh's exports, once (every peer reaches them through its gateway).
module "exports" {
  source       = "../../modules/ossm3-manual-discovery"
  for_each     = local.multi_primary ? {} : var.kubeconfigs
  providers    = { kube = kube.cluster[each.key] }
  local_mesh   = local.mesh[each.key]
  gateway_name = module.gateway[each.key].name
  exports      = var.exports[each.key]
}

# Per ordered pair: the local mesh imports what the remote one exports.
module "imports" {
  source          = "../../modules/ossm3-manual-discovery"
  for_each        = local.multi_primary ? {} : { for k, p in local.pairs : k => p if length(var.exports[p.remote]) > 0 }
  providers       = { kube = kube.cluster[each.value.local] }
  local_mesh      = local.mesh[each.value.local]
  remote_mesh     = local.mesh[each.value.remote]
  remote_endpoint = module.gateway[each.value.remote].endpoint
  imports         = var.exports[each.value.remote]
  remote_exports  = var.exports[each.value.remote]
}

# Multi-primary: per ordered pair, the local istiod reads the remote cluster.
module "reads" {
  source            = "../../modules/ossm3-multi-primary"
  for_each          = local.multi_primary ? local.pairs : {}
  providers         = { kube.source = kube.cluster[each.value.remote], kube.target = kube.cluster[each.value.local] }
  source_mesh       = local.mesh[each.value.remote]
  target_mesh       = local.mesh[each.value.local]
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
