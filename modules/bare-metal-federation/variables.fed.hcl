# Inputs of the bare-metal-federation module: two bare-metal (UPI) clusters federated either
# over NodePort gateways opened in firewalld on every node host (ssh), or over MetalLB.

variable "mode" {
  type        = string
  default     = "node_port"
  description = "node_port: NodePort gateways, their ports opened in firewalld on every node host of the cluster that serves them (providers firewalld.a / firewalld.b). metallb: LoadBalancer gateways, each peer's address from its Service's status.loadBalancer (MetalLB fills it in); no firewall change."
  validation {
    condition     = contains(["node_port", "metallb"], var.mode)
    error_message = "mode must be \"node_port\" or \"metallb\"."
  }
}

variable "mesh_a" {
  type        = string
  default     = "mesh1"
  description = "Name of the first mesh (on kube.a; the seed's exporting mesh1)."
}

variable "mesh_b" {
  type        = string
  default     = "mesh2"
  description = "Name of the second mesh (on kube.b; the seed's importing mesh2)."
}

variable "control_plane_a" {
  type        = string
  default     = "fed-export"
  description = "ServiceMeshControlPlane name of mesh a (the seed's)."
}

variable "control_plane_b" {
  type        = string
  default     = "fed-import"
  description = "ServiceMeshControlPlane name of mesh b (the seed's)."
}

variable "address_a" {
  type        = string
  default     = null
  description = "node_port mode: the address mesh b uses to reach mesh a's NodePorts: an IPv4 or IPv6 address or a DNS name (a node, a VIP in front of the nodes, a name for them), passed on as written. Default: the InternalIP of cluster a's first node. Not allowed in metallb mode."
  validation {
    condition     = var.address_a == null ? true : can(cidrhost("${var.address_a}/32", 0)) || (length(var.address_a) <= 253 && !can(regex("^[0-9.]+$", var.address_a)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.address_a)))
    error_message = "address_a must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.address_a}\"."
  }
}

variable "address_b" {
  type        = string
  default     = null
  description = "node_port mode: the same for mesh b."
  validation {
    condition     = var.address_b == null ? true : can(cidrhost("${var.address_b}/32", 0)) || (length(var.address_b) <= 253 && !can(regex("^[0-9.]+$", var.address_b)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.address_b)))
    error_message = "address_b must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.address_b}\"."
  }
}

variable "firewall_hosts_a" {
  type        = list(string)
  default     = null
  description = "node_port mode, optional: the hosts the firewalld.a configuration lists (pass the same list). When given, the plan checks that there is one per node of cluster a, so a node added to the cluster is not left closed. null: not checked (for example when firewalld.a and firewalld.b are one configuration with the hosts of both clusters)."
}

variable "firewall_hosts_b" {
  type        = list(string)
  default     = null
  description = "node_port mode, optional: the same for firewalld.b and cluster b."
}

variable "firewall_zone" {
  type        = string
  default     = null
  description = "node_port mode: the firewalld zone of the node hosts' interface the peers come in on. Default: \"public\". Not allowed in metallb mode."
}

variable "firewall_protocols" {
  type        = list(string)
  default     = null
  description = "node_port mode: the protocols opened for each NodePort. Default: [\"tcp\"] (federation is TLS over TCP); [\"tcp\", \"udp\"] opens udp too, as the seed did. Not allowed in metallb mode."
  validation {
    condition     = var.firewall_protocols == null ? true : length(var.firewall_protocols) > 0 && alltrue([for p in var.firewall_protocols : contains(["tcp", "udp"], p)]) && length(distinct(var.firewall_protocols)) == length(var.firewall_protocols)
    error_message = "firewall_protocols must list \"tcp\" and/or \"udp\", each once."
  }
}

variable "exports_a" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default     = []
  description = "Services of mesh a exported to mesh b."
}

variable "imports_b" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = []
  description = "What mesh b imports from mesh a, by the namespace mesh a exports under."
}

variable "exports_b" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default     = []
  description = "Services of mesh b exported to mesh a."
}

variable "imports_a" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = []
  description = "What mesh a imports from mesh b."
}

variable "ready_timeout" {
  type        = string
  default     = "300s"
  description = "How long to wait for each control plane and member roll to be Ready."
}

variable "install_operators" {
  type        = bool
  default     = false
  description = "Install the Service Mesh, Kiali and Jaeger operators through OLM on both clusters first (modules/ossm-operators), then the control planes. false: the plan fails, naming the operator, on a cluster where one is missing."
}

variable "operators_timeout" {
  type        = string
  default     = "600s"
  description = "With install_operators: how long each operator's Subscription, CSV and CRDs may take."
}
