# Two OpenStack clusters federated like the seed's install-openstack.sh: control planes with
# load-balanced ingress gateways, peers, the seed's exports and imports, and bookinfo.

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
  description = "mesh1's OpenStack settings (openstack-federation's openstack_a). octavia mode: nodes (required: the names of the nodes to put behind the load balancer), and optionally vip_address, floating_ip, allowed_cidrs, member_subnet_id, flavor_id, load_balancer_name. confirm_load_balancer: cluster_name (cloud-provider-openstack's, default kubernetes) or load_balancer_name. vip_subnet_id and vip_network_id default to the variables of those names."
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

provider "kube" "mesh1" {
  kubeconfig = var.mesh1_kubeconfig
}

provider "kube" "mesh2" {
  kubeconfig = var.mesh2_kubeconfig
}

# Credentials: the OS_* environment, or clouds.yaml (see docs/providers/openstack_lb.md).
provider "openstack_lb" "mesh1" {
  cloud = var.mesh1_cloud
}

provider "openstack_lb" "mesh2" {
  cloud = var.mesh2_cloud
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

locals {
  openstack = {
    vip_subnet_id  = var.vip_subnet_id
    vip_network_id = var.vip_network_id
  }
}

variable "install_operators" {
  type        = bool
  default     = false
  description = "Install the Service Mesh, Kiali and Jaeger operators through OLM on both clusters first. false: the plan fails, naming the operator, on a cluster where one is missing."
}

module "federation" {
  source            = "../../modules/openstack-federation"
  install_operators = var.install_operators
  providers = {
    kube.a         = kube.mesh1
    kube.b         = kube.mesh2
    openstack_lb.a = openstack_lb.mesh1
    openstack_lb.b = openstack_lb.mesh2
  }
  mode                   = var.mode
  openstack_a            = merge(local.openstack, var.mesh1_openstack)
  openstack_b            = merge(local.openstack, var.mesh2_openstack)
  confirm_load_balancer  = var.confirm_load_balancer
  load_balancer_timeout  = var.load_balancer_timeout
  load_balancer_fallback = var.load_balancer_fallback
  exports_a              = var.exports
  imports_b              = var.imports
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

output "peers" {
  description = "Each mesh's ServiceMeshPeer: where it reaches the other (its status: kubectl get servicemeshpeers -A)."
  value = {
    for mesh, p in module.federation.peers : mesh => {
      addresses      = p.spec.remote.addresses
      service_port   = p.spec.remote.servicePort
      discovery_port = p.spec.remote.discoveryPort
    }
  }
}

output "load_balancers" {
  value = module.federation.load_balancers
}
