# Inputs of the ossm-migration module: two libvirt clusters federated the OSSM 2 way (as
# libvirt-federation makes them), and the stage of their move to OSSM 3 manual discovery.

variable "stage" {
  type        = number
  default     = 0
  description = "0: OSSM 2 federation only. 1: OSSM 3 control planes beside it, no traffic. 2: east-west gateways and a ServiceEntry + WorkloadEntry for every imported service (traffic still on OSSM 2). 3: traffic moved (member namespaces leave the member roll for the istio.io/rev label). 4: the OSSM 2 federation objects removed (peers, export and import sets, federation gateways and their firewall openings)."
  validation {
    condition     = contains([0, 1, 2, 3, 4], var.stage)
    error_message = "stage must be 0, 1, 2, 3 or 4."
  }
}

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
  description = "The address mesh b uses for mesh a's NodePorts (federation gateway, then east-west gateway). Default: mesh a's first node's InternalIP."
}

variable "address_b" {
  type        = string
  default     = null
  description = "The same for mesh b."
}

variable "exports_a" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default     = []
  description = "Services of mesh a exported to mesh b (ExportedServiceSet rules, as libvirt-federation's)."
}

variable "imports_b" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = []
  description = "What mesh b imports from mesh a, by the namespace a exports under (ImportedServiceSet rules)."
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

variable "service_ports" {
  type = map(list(object({
    number   = number
    name     = string
    protocol = optional(string, "HTTP")
  })))
  description = "The ports of every imported service, by NAMESPACE/NAME on the exporting cluster: OSSM 2 federation found them itself, a ServiceEntry must list them. Default: bookinfo's."
  default = {
    "mesh1-bookinfo/ratings"     = [{ number = 9080, name = "http" }]
    "mesh1-bookinfo/reviews"     = [{ number = 9080, name = "http" }]
    "mesh1-bookinfo/details"     = [{ number = 9080, name = "http" }]
    "mesh1-bookinfo/productpage" = [{ number = 9080, name = "http" }]
    "mesh1-bookinfo/mongodb"     = [{ number = 27017, name = "mongo", protocol = "MONGO" }]
  }
}

variable "ossm3_namespace" {
  type        = string
  default     = "istio-system"
  description = "The OSSM 3 control plane namespace on both clusters (beside OSSM 2's MESH-system)."
}

variable "ossm3_revision" {
  type        = string
  default     = "ossm3"
  description = "The Istio's name: RevisionBased, so workloads move by the istio.io/rev label of its revision (NAME-vX-Y-Z), never by istio-injection, which the OSSM 2 member roll's namespaces must not carry."
}

variable "cni" {
  type        = bool
  default     = false
  description = "Install the IstioCNI too (OpenShift needs it)."
}

variable "firewall_zone" {
  type    = string
  default = "libvirt"
}

variable "firewall_protocols" {
  type        = list(string)
  default     = ["tcp", "udp"]
  description = "Protocols opened for each federation gateway NodePort (libvirt-federation's)."
}

variable "firewall_runtime_only" {
  type    = bool
  default = false
}

variable "ready_timeout" {
  type    = string
  default = "300s"
}

variable "install_operators" {
  type        = bool
  default     = false
  description = "Install the Service Mesh, Kiali and Jaeger operators through OLM first (as libvirt-federation)."
}

variable "operators_timeout" {
  type    = string
  default = "600s"
}
