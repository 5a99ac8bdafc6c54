# Inputs of the ossm3-control-plane module: one OSSM 3 (Sail operator) mesh on one cluster, its
# multi-cluster identity (meshID, clusterName, network) and where its CA comes from.

variable "mesh" {
  type        = string
  description = "This mesh's name, also its Istio clusterName (mesh1). The network and trust domain derive from it."
}

variable "mesh_id" {
  type        = string
  default     = null
  description = "values.global.meshID. Multi-primary meshes share one; meshes federated by manual discovery may differ. Default: the mesh name."
}

variable "network" {
  type        = string
  default     = null
  description = "values.global.network and the topology.istio.io/network label of the control plane namespace. Default: MESH-network."
}

variable "namespace" {
  type        = string
  default     = "istio-system"
  description = "The control plane namespace (made here, labelled with the network)."
}

variable "istio_version" {
  type        = string
  default     = "v1.26.0"
  description = "Istio version the Sail operator installs (spec.version)."
}

variable "revision" {
  type        = string
  default     = null
  description = "null: the Istio is named default with updateStrategy InPlace (revision default). A name: the Istio is named so with updateStrategy RevisionBased, and each version gets a revision NAME-vX-Y-Z."
}

variable "trust_domain" {
  type        = string
  default     = null
  description = "meshConfig.trustDomain. Default: MESH.local."
}

variable "trust_domain_aliases" {
  type        = list(string)
  default     = []
  description = "meshConfig.trustDomainAliases: the peers' trust domains this mesh accepts as its own in authorization policies (meshes with roots of their own)."
}

variable "extra_root_certs" {
  type        = list(string)
  default     = []
  description = "PEM root certificates of peers with roots of their own, added to meshConfig.caCertificates so that this mesh's proxies trust their workloads."
}

variable "cni" {
  type        = bool
  default     = false
  description = "Install the IstioCNI (named default, in namespace istio-cni), as OpenShift needs; the Istio then waits for it."
}

variable "cni_namespace" {
  type    = string
  default = "istio-cni"
}

variable "cacerts" {
  type = object({
    root_cert_file = optional(string)
    root_key_file  = optional(string)
    organization   = optional(string)
    common_name    = optional(string)
    validity       = optional(string)
    rotation       = optional(string)
  })
  default     = null
  description = "null: istiod makes its own self-signed CA. An object: a cacerts Secret (kube_istio_cacerts): with root_cert_file and root_key_file, an intermediate signed by that shared root; {} (no files), a root of this mesh's own."
}

variable "values" {
  type        = any
  default     = {}
  description = "More spec.values, merged at the top level over what the module sets (e.g. { pilot = { env = {...} } })."
}

variable "ready_timeout" {
  type        = string
  default     = "300s"
  description = "How long to wait for the Istio (and the IstioCNI) to be Ready."
}
