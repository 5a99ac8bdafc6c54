# Inputs of the ossm3-multi-primary module: one direction of multi-primary discovery, the
# target's istiod reading the source's API server (providers kube.source and kube.target).

variable "source_mesh" {
  type = object({
    mesh      = string
    mesh_id   = string
    namespace = string
    root_cert = string
  })
  description = "The cluster whose services the target discovers (its ossm3-control-plane's outputs)."
}

variable "target_mesh" {
  type = object({
    mesh      = string
    mesh_id   = string
    namespace = string
    root_cert = string
  })
  description = "The cluster whose istiod reads the source (its ossm3-control-plane's outputs)."
}

variable "source_kubeconfig" {
  type        = string
  description = "The source's kubeconfig file, read at apply to request the reader's token (never stored: only the path is)."
}

variable "source_context" {
  type    = string
  default = null
}

variable "source_server" {
  type        = string
  default     = null
  description = "The API URL the target's istiod uses for the source, when it is not the kubeconfig's (an address reachable from the target's pods)."
}

variable "rbac" {
  type        = bool
  default     = true
  description = "Make the reader's ClusterRole (istio-reader's rules) and its ClusterRoleBinding on the source. false: bind it yourself (or rely on a cluster that lets any account read)."
}

variable "token_ttl" {
  type    = string
  default = "8760h"
}

variable "rotate_before" {
  type    = string
  default = "720h"
}

variable "rotation" {
  type        = string
  default     = null
  description = "Change it to rotate the token now."
}
