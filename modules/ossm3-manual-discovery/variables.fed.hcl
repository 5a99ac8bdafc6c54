# Inputs of the ossm3-manual-discovery module, on one cluster: the services it exports behind
# its east-west gateway, and the services it imports from one peer (ServiceEntry/WorkloadEntry).

variable "local_mesh" {
  type = object({
    mesh                 = string
    namespace            = string
    network              = string
    trust_domain         = string
    trust_domain_aliases = list(string)
    root_cert            = string
  })
  description = "The mesh these objects are made in (ossm3-control-plane's outputs)."
}

variable "remote_mesh" {
  type = object({
    mesh         = string
    network      = string
    trust_domain = string
    root_cert    = string
  })
  default     = null
  description = "The peer services are imported from (its ossm3-control-plane's outputs). null: this call only exports."
}

variable "remote_endpoint" {
  type = object({
    address = string
    port    = number
    network = string
  })
  default     = null
  description = "Where this mesh reaches the peer's east-west gateway (its ossm3-east-west-gateway's endpoint). Needed with imports."
}

variable "gateway_name" {
  type        = string
  default     = "eastwestgateway"
  description = "This mesh's east-west Gateway (ossm3-east-west-gateway's name), whose pods pass the exported hosts through."
}

variable "exports" {
  type = list(object({
    namespace = string
    name      = string
    ports = list(object({
      number      = number
      name        = string
      protocol    = optional(string, "HTTP")
      target_port = optional(number)
    }))
    selector        = optional(map(string))
    alias_namespace = optional(string)
    alias_name      = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = []
  description = "Services of this mesh that peers may reach through its east-west gateway, under the host ALIAS_NAME.ALIAS_NAMESPACE.svc.MESH-imports.local (import_as_local: .svc.cluster.local). selector: the pods' labels (default app = NAME)."
}

variable "imports" {
  type = list(object({
    namespace = string
    name      = string
    ports = list(object({
      number      = number
      name        = string
      protocol    = optional(string, "HTTP")
      target_port = optional(number)
    }))
    service_account = optional(string)
    alias_namespace = optional(string)
    alias_name      = optional(string)
    import_as_local = optional(bool, false)
    entry_namespace = optional(string)
  }))
  default     = []
  description = "The peer's services imported here: the same record as the peer's export (namespace and name of the service on the peer, its ports, the alias). service_account: the peer workload's account, for the subjectAltName (default NAME). entry_namespace: where the ServiceEntry and WorkloadEntry go (default the control plane namespace)."
}

variable "remote_exports" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = null
  description = "What the peer exports (its exports input), to check that every import is exported. null: not checked."
}
