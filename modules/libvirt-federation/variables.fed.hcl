# Inputs of the libvirt-federation module: two libvirt IPI clusters on one hypervisor,
# federated over NodePort gateways opened in the hypervisor's libvirt firewall zone.

variable "mesh_a" {
  type    = string
  default = "mesh1"
}

variable "mesh_b" {
  type    = string
  default = "mesh2"
}

variable "control_plane_a" {
  type    = string
  default = "fed-export"
}

variable "control_plane_b" {
  type    = string
  default = "fed-import"
}

variable "address_a" {
  type        = string
  default     = null
  description = "The address mesh b uses for mesh a's gateway NodePorts: an IPv4 or IPv6 address or a DNS name (the hypervisor's), passed on as written. Default: the host of route_a when set, else mesh a's first node's InternalIP."
  validation {
    condition     = var.address_a == null ? true : can(cidrhost("${var.address_a}/32", 0)) || (length(var.address_a) <= 253 && !can(regex("^[0-9.]+$", var.address_a)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.address_a)))
    error_message = "address_a must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.address_a}\"."
  }
}

variable "address_b" {
  type        = string
  default     = null
  description = "The same for mesh b."
  validation {
    condition     = var.address_b == null ? true : can(cidrhost("${var.address_b}/32", 0)) || (length(var.address_b) <= 253 && !can(regex("^[0-9.]+$", var.address_b)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.address_b)))
    error_message = "address_b must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.address_b}\"."
  }
}

variable "route_a" {
  type = object({
    namespace = string
    name      = string
  })
  default     = null
  description = "Mesh b reaches mesh a at the host of this Route on cluster a, with the NodePorts: the seed's address (it resolved the ingress Route's host; fedplan passes the name on, and the peer resolves it). Not together with address_a."
}

variable "route_b" {
  type = object({
    namespace = string
    name      = string
  })
  default     = null
  description = "The same for mesh b, on cluster b."
}

variable "single_cluster" {
  type        = bool
  default     = false
  description = "Both meshes in one cluster (kube.a and kube.b the same): peers use the in-cluster gateway names and ports 15443/8188, and no firewall port is opened."
}

variable "firewall_zone" {
  type        = string
  default     = "libvirt"
  description = "The hypervisor's firewalld zone of the cluster networks."
}

variable "firewall_protocols" {
  type        = list(string)
  default     = ["tcp", "udp"]
  description = "Protocols opened for each NodePort (the seed opened tcp and udp)."
}

variable "firewall_runtime_only" {
  type        = bool
  default     = false
  description = "true: open the ports at runtime only, as the seed did. Default: runtime and permanent, so a reboot or a reload keeps them."
}

variable "exports_a" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default = []
}

variable "imports_b" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default = []
}

variable "exports_b" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default = []
}

variable "imports_a" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default = []
}

variable "ready_timeout" {
  type    = string
  default = "300s"
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
