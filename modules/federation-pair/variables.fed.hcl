# Inputs of the federation-pair module: two meshes (a exports, b imports, like the seed's
# mesh1 and mesh2), each on its own cluster (providers kube.a and kube.b), peered both ways.

variable "mesh_a" {
  type        = string
  default     = "mesh1"
  description = "Name of the first mesh (on kube.a)."
}

variable "mesh_b" {
  type        = string
  default     = "mesh2"
  description = "Name of the second mesh (on kube.b)."
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

variable "ingress_service_type" {
  type        = string
  default     = "NodePort"
  description = "NodePort or LoadBalancer: the Service type of the federation ingress gateways."
}

variable "address_mode" {
  type        = string
  default     = null
  description = "node_port, load_balancer or cluster_local (both meshes in one cluster); see ossm-control-plane. Default: from ingress_service_type."
}

variable "address_a" {
  type        = string
  default     = null
  description = "node_port mode (and load_balancer_fallback): the address mesh b uses to reach mesh a's NodePorts, an IPv4 or IPv6 address or a DNS name, passed on as written. Default: the host of route_a when set, else mesh a's first node's InternalIP."
  validation {
    condition     = var.address_a == null ? true : can(cidrhost("${var.address_a}/32", 0)) || (length(var.address_a) <= 253 && !can(regex("^[0-9.]+$", var.address_a)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.address_a)))
    error_message = "address_a must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.address_a}\"."
  }
}

variable "address_b" {
  type        = string
  default     = null
  description = "node_port mode (and load_balancer_fallback): the address mesh a uses to reach mesh b's NodePorts; see address_a."
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
  description = "node_port mode (and load_balancer_fallback): mesh b reaches mesh a at the host of this Route on cluster a (the seed's libvirt address), unresolved, with the NodePorts. Not together with address_a."
}

variable "route_b" {
  type = object({
    namespace = string
    name      = string
  })
  default     = null
  description = "The same for mesh b, on cluster b."
}

variable "load_balancer_timeout" {
  type        = string
  default     = "5m"
  description = "load_balancer mode: how long to wait for each ingress gateway Service's load-balancer address."
}

variable "load_balancer_fallback" {
  type        = string
  default     = "none"
  description = "load_balancer mode, when a gateway has no load-balancer address after load_balancer_timeout: \"none\" (the run fails naming the Service and the cluster) or \"node_port\" (the peer gets the node address with the NodePorts, and the plan warns)."
  validation {
    condition     = contains(["none", "node_port"], var.load_balancer_fallback)
    error_message = "load_balancer_fallback must be \"none\" or \"node_port\", not \"${var.load_balancer_fallback}\"."
  }
}

variable "endpoint_a" {
  type = object({
    address        = string
    service_port   = number
    discovery_port = number
  })
  default     = null
  description = "Where mesh b reaches mesh a, when something in front of the gateway decides it (a load balancer made by the calling module). Overrides address_mode for mesh a."
}

variable "endpoint_b" {
  type = object({
    address        = string
    service_port   = number
    discovery_port = number
  })
  default     = null
  description = "Where mesh a reaches mesh b; see endpoint_a."
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
  description = "Install the Service Mesh, Kiali and Jaeger operators through OLM on both clusters before the control planes (ossm-operators). false: the plan checks they are installed and fails, naming the missing operator, when one is not."
}

variable "install_setting" {
  type        = string
  default     = "install_operators = true on the federation-pair module"
  description = "How the error for a missing operator names the setting that installs it."
}

variable "operators_timeout" {
  type        = string
  default     = "600s"
  description = "How long installing each operator may take (its Subscription, CSV and CRDs)."
}
