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
  description = "The address mesh b uses for mesh a's gateway NodePorts: the hypervisor's, or what the ingress Route's host resolves to. Default: mesh a's first node's InternalIP."
}

variable "address_b" {
  type        = string
  default     = null
  description = "The same for mesh b."
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
