# Two bare-metal (UPI) clusters federated through the federation module: NodePort gateways
# opened in firewalld on every node over ssh (or MetalLB), peers, bookinfo.

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
  default     = "node_port"
  description = "node_port: NodePort gateways, opened in firewalld on every node host over ssh. metallb: LoadBalancer gateways with MetalLB addresses, no firewall change (the ssh settings then only close what an earlier node_port apply opened)."
  validation {
    condition     = contains(["node_port", "metallb"], var.mode)
    error_message = "mode must be \"node_port\" or \"metallb\"."
  }
}

variable "mesh1_hosts" {
  type        = list(string)
  default     = []
  description = "node_port mode: the ssh host (name or address) of every node of the first cluster, one per node."
}

variable "mesh2_hosts" {
  type        = list(string)
  default     = []
  description = "node_port mode: the same for the second cluster."
}

variable "ssh_user" {
  type        = string
  default     = null
  description = "Remote user on the node hosts (\"core\" on RHCOS, with ssh_sudo = true). Default: ssh's own (your ~/.ssh/config, else your login name)."
}

variable "ssh_port" {
  type    = number
  default = 22
}

variable "ssh_identity_file" {
  type        = string
  default     = null
  description = "Private key for the node hosts (unencrypted, or loaded in ssh-agent). Default: ssh's own."
}

variable "ssh_known_hosts" {
  type        = string
  default     = null
  description = "known_hosts file holding every node host's key (hosts are never trusted on first use). Default: ~/.ssh/known_hosts."
}

variable "ssh_sudo" {
  type        = bool
  default     = false
  description = "Run firewall-cmd through `sudo -n` (a non-root user with a NOPASSWD rule for firewall-cmd)."
}

variable "ssh_command" {
  type        = string
  default     = "ssh"
  description = "The local ssh client program (a wrapper script works too)."
}

variable "mesh1_address" {
  type        = string
  default     = null
  description = "node_port mode: the address mesh2 uses for mesh1's NodePorts. Default: mesh1's first node's InternalIP."
}

variable "mesh2_address" {
  type        = string
  default     = null
  description = "node_port mode: the same for mesh2."
}

variable "firewall_zone" {
  type        = string
  default     = null
  description = "node_port mode: the firewalld zone to open the NodePorts in. Default: public."
}

variable "firewall_protocols" {
  type        = list(string)
  default     = null
  description = "node_port mode: protocols opened per NodePort. Default: [\"tcp\"]; the seed opened tcp and udp."
  validation {
    condition     = var.firewall_protocols == null ? true : length(var.firewall_protocols) > 0 && alltrue([for p in var.firewall_protocols : contains(["tcp", "udp"], p)]) && length(distinct(var.firewall_protocols)) == length(var.firewall_protocols)
    error_message = "firewall_protocols must list \"tcp\" and/or \"udp\", each once."
  }
}

variable "bookinfo" {
  type        = bool
  default     = true
  description = "Deploy the bookinfo sample on both sides (the seed's install-libvirt-3.sh)."
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
  platform = { node_port = "bare_metal", metallb = "metallb" }
  # Each cluster's node hosts over ssh. In metallb mode nothing is opened; keep the hosts set
  # when switching a federation from node_port to metallb, so that the apply can close the
  # ports it opened.
  ssh = {
    transport     = "ssh"
    user          = var.ssh_user
    port          = var.ssh_port
    identity_file = var.ssh_identity_file
    known_hosts   = var.ssh_known_hosts
    ssh_command   = var.ssh_command
    sudo          = var.ssh_sudo
    zone          = var.firewall_zone
    protocols     = var.firewall_protocols
  }
  firewall = {
    mesh1 = length(var.mesh1_hosts) == 0 && var.mode == "metallb" ? null : merge(local.ssh, { hosts = var.mesh1_hosts })
    mesh2 = length(var.mesh2_hosts) == 0 && var.mode == "metallb" ? null : merge(local.ssh, { hosts = var.mesh2_hosts })
  }
  # The seed's ingress gateway Services carry the AWS NLB annotation (as the earlier version of
  # this example did): kept so that an earlier apply's objects stay as they are.
  annotations = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
  clusters = {
    mesh1 = {
      kubeconfig         = var.mesh1_kubeconfig
      platform           = local.platform[var.mode]
      install_operators  = var.install_operators
      control_plane_name = "fed-export"
      network            = { address = var.mesh1_address, firewall = local.firewall.mesh1, annotations = local.annotations }
      exports            = var.exports
    }
    mesh2 = {
      kubeconfig         = var.mesh2_kubeconfig
      platform           = local.platform[var.mode]
      install_operators  = var.install_operators
      control_plane_name = "fed-import"
      network            = { address = var.mesh2_address, firewall = local.firewall.mesh2, annotations = local.annotations }
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

output "firewall_ports" {
  description = "Per mesh: the NodePorts opened on its node hosts (zone/port/protocol)."
  value       = module.federation.firewall_ports
}
