# Inputs of the mesh-peering module: one direction of a federation, the objects one mesh
# (local) needs to peer with another (remote): install-libvirt-2.sh's per-mesh half.

variable "local_mesh" {
  type = object({
    mesh             = string
    system_namespace = string
    trust_domain     = string
    peers            = list(string)
  })
  description = "The mesh these objects are created in (an ossm-control-plane module's outputs)."
}

variable "remote_mesh" {
  type = object({
    mesh             = string
    system_namespace = string
    trust_domain     = string
    peers            = list(string)
    root_cert        = string
    address          = string
    service_port     = number
    discovery_port   = number
  })
  description = "The peer: its names, root CA, and where this mesh reaches its ingress gateway (from the remote mesh's ossm-control-plane outputs: endpoints[local mesh])."
}

variable "exports" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default     = []
  description = "Services of this mesh exported to the remote one (an ExportedServiceSet when not empty)."
}

variable "imports" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = []
  description = "Services imported from the remote mesh, by the namespace the remote exports them under (an ImportedServiceSet when not empty)."
}

variable "remote_exports" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default     = null
  description = "What the remote mesh exports to this one, to check that every import is exported. null: not checked."
}
