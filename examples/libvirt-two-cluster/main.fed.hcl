# Two libvirt IPI clusters on one hypervisor, federated like the seed's install-libvirt-1/2/3
# scripts through the federation module: a two-cluster inventory, then bookinfo on both sides.

variable "mesh1_kubeconfig" {
  type        = string
  default     = env("MESH1_KUBECONFIG")
  description = "kubeconfig of the first cluster (the seed's MESH1_KUBECONFIG)."
}

variable "mesh2_kubeconfig" {
  type        = string
  default     = env("MESH2_KUBECONFIG")
  description = "kubeconfig of the second cluster (the seed's MESH2_KUBECONFIG)."
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
  description = "Deploy the bookinfo sample on both sides (the seed's install-libvirt-3.sh)."
}

variable "ratings_redirect" {
  type        = string
  default     = null
  description = "The seed README's manual redirect on mesh2, off by default: \"egress_alias\" sends ratings through the egress gateway to ratings-aliased.mesh1-exports.svc.cluster.local; \"passthrough\" rewrites the authority to ratings.mesh1-bookinfo.svc.cluster.local. Either is a VirtualService in namespace mesh2-imports (created)."
}

variable "exports" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  description = "Services mesh1 exports to mesh2. The seed's: ratings and mongodb under the alias namespace bookinfo."
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
  description = "What mesh2 imports from mesh1. The seed's: namespace bookinfo as mesh2-bookinfo (names become NAME.mesh2-bookinfo.svc.mesh1-imports.local)."
  default = [
    { namespace = "bookinfo", alias_namespace = "mesh2-bookinfo", import_as_local = false },
  ]
}

variable "install_operators" {
  type        = bool
  default     = false
  description = "Install the Service Mesh, Kiali and Jaeger operators through OLM on both clusters first. false: the plan fails, naming the operator, on a cluster where one is missing."
}

locals {
  # The seed's clusters: mesh1 (control plane fed-export) exports, mesh2 (fed-import) imports,
  # both NodePort gateways opened in the libvirt zone of this hypervisor's firewalld.
  hypervisor = { transport = "local", firewall_cmd = var.firewall_cmd }
  # The seed's ingress gateway Services carry the NLB annotation (as the earlier version of
  # this example did): kept so that the objects of an earlier apply stay as they are.
  network = {
    address     = var.hypervisor_address
    firewall    = local.hypervisor
    annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
  }
  clusters = {
    mesh1 = {
      kubeconfig         = var.mesh1_kubeconfig
      platform           = "libvirt"
      install_operators  = var.install_operators
      control_plane_name = "fed-export"
      network            = local.network
      exports            = var.exports
    }
    mesh2 = {
      kubeconfig         = var.mesh2_kubeconfig
      platform           = "libvirt"
      install_operators  = var.install_operators
      control_plane_name = "fed-import"
      network            = local.network
      imports            = [for i in var.imports : merge(i, { from = "mesh1" })]
    }
  }
}

module "federation" {
  source   = "../../modules/federation"
  clusters = local.clusters
}

# bookinfo's own kube configurations (the federation module holds its own).
provider "kube" "cluster" {
  for_each   = local.clusters
  kubeconfig = each.value.kubeconfig
}

module "bookinfo_mesh1" {
  source     = "../../modules/bookinfo"
  count      = var.bookinfo ? 1 : 0
  providers  = { kube = kube.cluster["mesh1"] }
  namespace  = "mesh1-bookinfo"
  database   = true
  depends_on = [module.federation]
}

module "bookinfo_mesh2" {
  source     = "../../modules/bookinfo"
  count      = var.bookinfo ? 1 : 0
  providers  = { kube = kube.cluster["mesh2"] }
  namespace  = "mesh2-bookinfo"
  gateway    = true
  reviews_v3 = true
  import     = { mesh = "mesh1" }
  ratings_redirect = var.ratings_redirect == null ? null : {
    mode        = var.ratings_redirect
    namespace   = "mesh2-imports"
    remote_mesh = "mesh1"
  }
  depends_on = [module.federation]
}

output "peers" {
  description = "Each mesh's ServiceMeshPeer: where it reaches the other (its status: kubectl get servicemeshpeers -A)."
  value = {
    for pair, remote in module.federation.peers : split("->", pair)[0] => {
      addresses      = remote.addresses
      service_port   = remote.servicePort
      discovery_port = remote.discoveryPort
    }
  }
}

output "firewall_ports" {
  description = "The openings on the hypervisor, as zone/port/protocol."
  value       = sort(distinct(flatten(values(module.federation.firewall_ports))))
}
