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
  description = "node_port mode: the address mesh b uses to reach mesh a's NodePorts. Default: mesh a's first node's InternalIP."
}

variable "address_b" {
  type        = string
  default     = null
  description = "node_port mode: the address mesh a uses to reach mesh b's NodePorts. Default: mesh b's first node's InternalIP."
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
