# Two OSSM 3 meshes on two clusters joined by Istio multi-cluster: Sail control planes, an
# east-west gateway each, and manual discovery (or multi-primary) between them.

variable "mesh1_kubeconfig" {
  type    = string
  default = env("MESH1_KUBECONFIG")
}

variable "mesh2_kubeconfig" {
  type    = string
  default = env("MESH2_KUBECONFIG")
}

variable "discovery" {
  type        = string
  default     = "manual"
  description = "manual: ServiceEntry/WorkloadEntry for the imported services, only exported hosts pass the gateways. multi_primary: each istiod reads the other cluster through a remote secret; one meshID, one shared root."
  validation {
    condition     = contains(["manual", "multi_primary"], var.discovery)
    error_message = "discovery must be \"manual\" or \"multi_primary\"."
  }
}

variable "root_cert_file" {
  type        = string
  default     = null
  description = "A shared root CA's certificate (PEM file): both meshes get an intermediate signed by it. null: each mesh makes a root of its own and trusts the other's (manual discovery only)."
}

variable "root_key_file" {
  type        = string
  default     = null
  description = "The shared root's key (PEM file), read at apply only."
}

variable "service_type" {
  type        = string
  default     = "LoadBalancer"
  description = "The east-west gateways' Service type: LoadBalancer, or NodePort (with platform firewalld, octavia or none)."
}

variable "platform" {
  type        = string
  default     = null
  description = "What fronts the gateways: null, firewalld (the NodePort opened on this machine), octavia or metallb (see modules/ossm3-east-west-gateway)."
}

variable "gateway_address" {
  type        = map(string)
  default     = {}
  description = "Per mesh, the address peers use for its gateway when the module's guess is not it (e.g. the hypervisor's)."
}

variable "metallb_address_pool" {
  type        = string
  default     = null
  description = "platform metallb: the MetalLB address pool of both gateways' Services."
}

variable "octavia" {
  type        = any
  default     = {}
  description = "platform octavia: per mesh, ossm3-east-west-gateway's octavia settings ({ vip_subnet_id, nodes, floating_ip, ... }). Credentials: the OS_* environment or clouds.yaml (docs/providers/openstack_lb.md)."
}

variable "firewall_cmd" {
  type    = string
  default = "firewall-cmd"
}

variable "firewall_zone" {
  type    = string
  default = "libvirt"
}

variable "exports" {
  type        = any
  description = "Per mesh, the services it exports to the other (ossm3-manual-discovery's export records); the other mesh imports exactly these."
  default = {
    mesh1 = [{
      namespace       = "mesh1-bookinfo"
      name            = "ratings"
      ports           = [{ number = 9080, name = "http" }]
      alias_namespace = "bookinfo"
    }]
    mesh2 = []
  }
}

provider "kube" "mesh1" {
  kubeconfig = var.mesh1_kubeconfig
}

provider "kube" "mesh2" {
  kubeconfig = var.mesh2_kubeconfig
}

# Used only with platform = "firewalld" or "octavia" (otherwise never configured).
provider "firewalld" "hypervisor" {
  transport    = "local"
  firewall_cmd = var.firewall_cmd
}

provider "openstack_lb" "cloud" {}

locals {
  multi_primary = var.discovery == "multi_primary"
  cacerts       = var.root_cert_file == null ? {} : { root_cert_file = var.root_cert_file, root_key_file = var.root_key_file }
  own_roots     = var.root_cert_file == null
}

module "mesh1" {
  source               = "../../modules/ossm3-control-plane"
  providers            = { kube = kube.mesh1 }
  mesh                 = "mesh1"
  mesh_id              = local.multi_primary ? "federation" : null
  trust_domain_aliases = ["mesh2.local"]
  cacerts              = local.cacerts
  extra_root_certs     = local.own_roots ? [module.mesh2.cacerts_root] : []
}

module "mesh2" {
  source               = "../../modules/ossm3-control-plane"
  providers            = { kube = kube.mesh2 }
  mesh                 = "mesh2"
  mesh_id              = local.multi_primary ? "federation" : null
  trust_domain_aliases = ["mesh1.local"]
  cacerts              = local.cacerts
  extra_root_certs     = local.own_roots ? [module.mesh1.cacerts_root] : []
}

module "gateway1" {
  source        = "../../modules/ossm3-east-west-gateway"
  providers     = { kube = kube.mesh1, firewalld = firewalld.hypervisor, openstack_lb = openstack_lb.cloud }
  mesh          = module.mesh1
  expose_all    = local.multi_primary
  service_type  = var.service_type
  platform      = var.platform
  address       = lookup(var.gateway_address, "mesh1", null)
  firewall_zone = var.firewall_zone
  metallb       = { address_pool = var.metallb_address_pool }
  octavia       = lookup(var.octavia, "mesh1", {})
}

module "gateway2" {
  source        = "../../modules/ossm3-east-west-gateway"
  providers     = { kube = kube.mesh2, firewalld = firewalld.hypervisor, openstack_lb = openstack_lb.cloud }
  mesh          = module.mesh2
  expose_all    = local.multi_primary
  service_type  = var.service_type
  platform      = var.platform
  address       = lookup(var.gateway_address, "mesh2", null)
  firewall_zone = var.firewall_zone
  metallb       = { address_pool = var.metallb_address_pool }
  octavia       = lookup(var.octavia, "mesh2", {})
}

# Manual discovery: each side exports its services and imports the other's.
module "discovery1" {
  source          = "../../modules/ossm3-manual-discovery"
  count           = local.multi_primary ? 0 : 1
  providers       = { kube = kube.mesh1 }
  local_mesh      = module.mesh1
  remote_mesh     = module.mesh2
  remote_endpoint = module.gateway2.endpoint
  gateway_name    = module.gateway1.name
  exports         = var.exports["mesh1"]
  imports         = var.exports["mesh2"]
  remote_exports  = var.exports["mesh2"]
}

module "discovery2" {
  source          = "../../modules/ossm3-manual-discovery"
  count           = local.multi_primary ? 0 : 1
  providers       = { kube = kube.mesh2 }
  local_mesh      = module.mesh2
  remote_mesh     = module.mesh1
  remote_endpoint = module.gateway1.endpoint
  gateway_name    = module.gateway2.name
  exports         = var.exports["mesh2"]
  imports         = var.exports["mesh1"]
  remote_exports  = var.exports["mesh1"]
}

# Multi-primary: each istiod reads the other cluster with a token of a reader account there.
module "mesh1_reads_mesh2" {
  source            = "../../modules/ossm3-multi-primary"
  count             = local.multi_primary ? 1 : 0
  providers         = { kube.source = kube.mesh2, kube.target = kube.mesh1 }
  source_mesh       = module.mesh2
  target_mesh       = module.mesh1
  source_kubeconfig = var.mesh2_kubeconfig
}

module "mesh2_reads_mesh1" {
  source            = "../../modules/ossm3-multi-primary"
  count             = local.multi_primary ? 1 : 0
  providers         = { kube.source = kube.mesh1, kube.target = kube.mesh2 }
  source_mesh       = module.mesh1
  target_mesh       = module.mesh2
  source_kubeconfig = var.mesh1_kubeconfig
}

output "endpoints" {
  description = "Where each mesh's east-west gateway is reached."
  value       = { mesh1 = module.gateway1.endpoint, mesh2 = module.gateway2.endpoint }
}

output "imports" {
  value = local.multi_primary ? {} : { mesh1 = module.discovery1[0].imports, mesh2 = module.discovery2[0].imports }
}
