# Inputs of the bookinfo module: the sample application on one side of a federation, as the
# seed's install-libvirt-3.sh deploys it (exporting side with the database, importing side
# with the gateway, reviews v3 and the routes to the imported services).

variable "namespace" {
  type        = string
  description = "Namespace the application runs in (mesh1-bookinfo); it must exist and be a mesh member."
}

variable "database" {
  type        = bool
  default     = false
  description = "Deploy mongodb (the seed does on the exporting mesh)."
}

variable "gateway" {
  type        = bool
  default     = false
  description = "Deploy the bookinfo Gateway and VirtualService (the seed does on the importing mesh)."
}

variable "reviews_v3" {
  type        = bool
  default     = false
  description = "Route all of reviews to v3 (the seed does on the importing mesh)."
}

variable "import" {
  type = object({
    mesh          = string
    namespace     = optional(string)
    ratings_split = optional(number, 50)
  })
  default     = null
  description = "On the importing side: the mesh the services come from, and the namespace they are imported into (default: this namespace). Adds the mongodb alias Service, the mongodb-remote VirtualService and the ratings-split VirtualService (ratings_split percent to the remote ratings; null leaves ratings-split out)."
}

variable "ratings_redirect" {
  type = object({
    mode             = string
    namespace        = string
    remote_mesh      = string
    remote_namespace = optional(string)
  })
  default     = null
  description = "The seed README's manual redirects, off by default. mode = \"egress_alias\": a VirtualService ratings-aliased-REMOTE in `namespace` sends ratings through the egress gateway to ratings-aliased.REMOTE-exports.svc.cluster.local; mode = \"passthrough\": a VirtualService ratings-passthrough in `namespace` rewrites the authority to ratings.REMOTE_NAMESPACE.svc.cluster.local. The namespace is created."
  validation {
    condition     = var.ratings_redirect == null ? true : contains(["egress_alias", "passthrough"], var.ratings_redirect.mode)
    error_message = "ratings_redirect.mode must be \"egress_alias\" or \"passthrough\"."
  }
}
