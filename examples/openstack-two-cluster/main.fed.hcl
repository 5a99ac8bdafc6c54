# Two OpenStack clusters federated like the seed's install-openstack.sh, through the federation
# module: load-balanced ingress gateways (or Octavia in front of NodePorts), peers, bookinfo.

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

variable "mode" {
  type        = string
  default     = "load_balancer_service"
  description = "load_balancer_service: the clusters' cloud provider makes the load balancers (LoadBalancer Services, as the seed). octavia: fedplan makes an Octavia load balancer per mesh in front of NodePort gateways (UPI clusters)."
  validation {
    condition     = contains(["load_balancer_service", "octavia"], var.mode)
    error_message = "mode must be \"load_balancer_service\" or \"octavia\"."
  }
}

variable "mesh1_cloud" {
  type        = string
  default     = null
  description = "clouds.yaml entry of mesh1's OpenStack project. Default: $OS_CLOUD, or the OS_* environment."
}

variable "mesh2_cloud" {
  type        = string
  default     = null
  description = "clouds.yaml entry of mesh2's OpenStack project (the same as mesh1's when both clusters share one)."
}

variable "vip_subnet_id" {
  type        = string
  default     = null
  description = "octavia mode: the subnet of the load balancers' VIPs (both clusters'), e.g. the clusters' machine network subnet."
}

variable "vip_network_id" {
  type        = string
  default     = null
  description = "octavia mode: the VIP network, with or instead of vip_subnet_id."
}

variable "mesh1_openstack" {
  type        = any
  default     = {}
  description = "mesh1's OpenStack settings (the federation module's network.openstack). octavia mode: nodes (required: the names of the nodes to put behind the load balancer), and optionally allowed_cidrs, member_subnet_id, flavor_id, health_monitor, floating_ip_lookup, load_balancer_name (a prefix: the load balancer for peer mesh2 is PREFIX-mesh2). confirm_load_balancer: cluster_name (cloud-provider-openstack's, default kubernetes) or load_balancer_name. vip_subnet_id and vip_network_id default to the variables of those names; cloud to mesh1_cloud."
}

variable "mesh2_openstack" {
  type        = any
  default     = {}
  description = "mesh2's OpenStack settings; see mesh1_openstack."
}

variable "confirm_load_balancer" {
  type        = bool
  default     = false
  description = "load_balancer_service mode: find the cloud provider's load balancers in Octavia and use their floating IP or VIP."
}

variable "load_balancer_fallback" {
  type        = string
  default     = "none"
  description = "load_balancer_service mode, when a gateway Service gets no load-balancer address within load_balancer_timeout: \"none\" (the apply fails, naming the Service and the cluster) or \"node_port\" (the seed's fallback: the other cluster's first node and the NodePorts, with a warning)."
  validation {
    condition     = contains(["none", "node_port"], var.load_balancer_fallback)
    error_message = "load_balancer_fallback must be \"none\" or \"node_port\", not \"${var.load_balancer_fallback}\"."
  }
}

variable "load_balancer_timeout" {
  type        = string
  default     = "5m"
  description = "load_balancer_service mode: how long to wait for each gateway Service's load-balancer address."
}

variable "bookinfo" {
  type        = bool
  default     = true
  description = "Deploy the bookinfo sample on both sides (the seed's stage 3)."
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
  platform = { load_balancer_service = "openstack_lb", octavia = "openstack_octavia" }
  # The settings both clusters share, under each one's own.
  network = {
    load_balancer_timeout  = var.load_balancer_timeout
    load_balancer_fallback = var.load_balancer_fallback
    # The seed's ingress gateway Services carry the AWS NLB annotation (as the earlier version
    # of this example did): kept so that an earlier apply's objects stay as they are.
    annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
  }
  openstack = {
    confirm_load_balancer = var.confirm_load_balancer
    vip_subnet_id         = var.vip_subnet_id
    vip_network_id        = var.vip_network_id
  }
  clusters = {
    mesh1 = {
      kubeconfig         = var.mesh1_kubeconfig
      platform           = local.platform[var.mode]
      install_operators  = var.install_operators
      control_plane_name = "fed-export"
      network            = merge(local.network, { openstack = merge(local.openstack, { cloud = var.mesh1_cloud }, var.mesh1_openstack) })
      exports            = var.exports
    }
    mesh2 = {
      kubeconfig         = var.mesh2_kubeconfig
      platform           = local.platform[var.mode]
      install_operators  = var.install_operators
      control_plane_name = "fed-import"
      network            = merge(local.network, { openstack = merge(local.openstack, { cloud = var.mesh2_cloud }, var.mesh2_openstack) })
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

output "load_balancers" {
  description = "Per mesh: the Octavia load balancer in front of its gateway (octavia mode: the one the federation module made, with its members; confirm_load_balancer: the cloud provider's). Empty otherwise."
  value       = { for pair, lb in module.federation.load_balancers : split("->", pair)[0] => lb }
}
