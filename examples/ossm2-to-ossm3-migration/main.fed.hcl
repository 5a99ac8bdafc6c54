# examples/libvirt-two-cluster's OSSM 2 federation taken to OSSM 3 multi-cluster with manual
# discovery, one reviewed plan per stage (-var stage=N), each keeping imported services reachable.

variable "stage" {
  type        = number
  default     = 0
  description = "Where the migration stands: 0 OSSM 2 only (libvirt-two-cluster's state plans without a change), 1 OSSM 3 beside it, 2 east-west gateways and entries, 3 traffic moved, 4 federation removed. Going back one stage is a plan too."
}

variable "mesh1_kubeconfig" {
  type        = string
  default     = env("MESH1_KUBECONFIG")
  description = "kubeconfig of the first cluster."
}

variable "mesh2_kubeconfig" {
  type        = string
  default     = env("MESH2_KUBECONFIG")
  description = "kubeconfig of the second cluster."
}

variable "hypervisor_address" {
  type        = string
  default     = null
  description = "The address peers use for the NodePorts (both clusters run on this host). Default: each cluster's first node."
}

variable "firewall_cmd" {
  type        = string
  default     = "firewall-cmd"
  description = "The firewall-cmd program on the hypervisor (this machine)."
}

variable "bookinfo" {
  type        = bool
  default     = true
  description = "Deploy the bookinfo sample on both sides (as libvirt-two-cluster)."
}

variable "exports" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  description = "Services mesh1 exports to mesh2 (libvirt-two-cluster's)."
  default = [
    { namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo", alias_name = "ratings" },
    { namespace = "mesh1-bookinfo", name = "mongodb", alias_namespace = "bookinfo", alias_name = "mongodb" },
  ]
}

variable "imports" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  description = "What mesh2 imports from mesh1 (libvirt-two-cluster's): NAME.mesh2-bookinfo.svc.mesh1-imports.local, under OSSM 2 and OSSM 3 alike."
  default = [
    { namespace = "bookinfo", alias_namespace = "mesh2-bookinfo", import_as_local = false },
  ]
}

variable "install_operators" {
  type    = bool
  default = false
}

provider "kube" "mesh1" {
  kubeconfig = var.mesh1_kubeconfig
}

provider "kube" "mesh2" {
  kubeconfig = var.mesh2_kubeconfig
}

provider "firewalld" "hypervisor" {
  transport    = "local"
  firewall_cmd = var.firewall_cmd
}

# libvirt-two-cluster's module "federation", now the migration (its moved blocks take the
# libvirt-federation state's addresses over).
module "federation" {
  source            = "../../modules/ossm-migration"
  stage             = var.stage
  install_operators = var.install_operators
  providers         = { kube.a = kube.mesh1, kube.b = kube.mesh2, firewalld = firewalld.hypervisor }
  address_a         = var.hypervisor_address
  address_b         = var.hypervisor_address
  exports_a         = var.exports
  imports_b         = var.imports
}

module "bookinfo_mesh1" {
  source     = "../../modules/bookinfo"
  count      = var.bookinfo ? 1 : 0
  providers  = { kube = kube.mesh1 }
  namespace  = "mesh1-bookinfo"
  database   = true
  depends_on = [module.federation]
}

module "bookinfo_mesh2" {
  source     = "../../modules/bookinfo"
  count      = var.bookinfo ? 1 : 0
  providers  = { kube = kube.mesh2 }
  namespace  = "mesh2-bookinfo"
  gateway    = true
  reviews_v3 = true
  import     = { mesh = "mesh1" }
  depends_on = [module.federation]
}

output "stage" {
  value = module.federation.stage
}

output "serving" {
  description = "Which mesh generation serves each cluster's bookinfo namespace after this stage."
  value       = module.federation.serving
}

output "imported_hosts" {
  value = module.federation.imported_hosts
}

output "east_west_endpoints" {
  value = module.federation.east_west_endpoints
}

output "firewall_ports" {
  value = module.federation.firewall_ports
}
