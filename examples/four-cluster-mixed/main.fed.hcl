# Four clusters on three platforms in one federation: two libvirt clusters on one hypervisor
# (NodePorts opened in firewalld), one on OpenStack (LoadBalancer Services), one bare metal
# with MetalLB. mesh1 exports ratings and mongodb to the others, which import them.

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

variable "mesh4_kubeconfig" {
  type    = string
  default = env("MESH4_KUBECONFIG")
}

variable "firewall_cmd" {
  type        = string
  default     = "firewall-cmd"
  description = "The firewall-cmd program of the libvirt hypervisor (this machine)."
}

variable "hypervisor_address" {
  type        = string
  default     = null
  description = "The address peers use for the libvirt clusters' NodePorts. Default: each cluster's first node."
}

variable "extra_clusters" {
  type        = any
  default     = {}
  description = "More inventory entries (same shape as the federation module's clusters), merged over the four: add a fifth cluster, or set present = false on one to decommission it."
}

locals {
  exports = [
    { namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo", alias_name = "ratings" },
    { namespace = "mesh1-bookinfo", name = "mongodb", alias_namespace = "bookinfo", alias_name = "mongodb" },
  ]
  hypervisor = { transport = "local", firewall_cmd = var.firewall_cmd }

  clusters = {
    mesh1 = {
      kubeconfig = var.mesh1_kubeconfig
      platform   = "libvirt"
      network    = { address = var.hypervisor_address, firewall = local.hypervisor }
      exports    = local.exports
    }
    mesh2 = {
      kubeconfig = var.mesh2_kubeconfig
      platform   = "libvirt"
      network    = { address = var.hypervisor_address, firewall = local.hypervisor }
      imports    = [{ from = "mesh1", namespace = "bookinfo", alias_namespace = "mesh2-bookinfo" }]
    }
    mesh3 = {
      kubeconfig = var.mesh3_kubeconfig
      platform   = "openstack_lb"
      imports    = [{ from = "mesh1", namespace = "bookinfo", alias_namespace = "mesh3-bookinfo" }]
    }
    mesh4 = {
      kubeconfig = var.mesh4_kubeconfig
      platform   = "metallb"
      imports    = [{ from = "mesh1", namespace = "bookinfo", alias_namespace = "mesh4-bookinfo" }]
    }
  }
}

module "federation" {
  source   = "../../modules/federation"
  clusters = merge(local.clusters, var.extra_clusters)
}

output "peers" {
  description = "Per ordered pair \"a->b\": where mesh a reaches mesh b."
  value       = module.federation.peers
}

output "firewall_ports" {
  description = "The openings on the hypervisor, per libvirt cluster."
  value       = module.federation.firewall_ports
}
