# Both meshes in one cluster (the seed's case of MESH1_KUBECONFIG equal to MESH2_KUBECONFIG):
# peers reach each other's ingress gateways by their in-cluster names on ports 15443 and 8188.

variable "kubeconfig" {
  type        = string
  default     = env("MESH1_KUBECONFIG")
  description = "kubeconfig of the one cluster that runs both meshes."
}

variable "bookinfo" {
  type        = bool
  default     = true
  description = "Deploy the bookinfo sample in mesh1-bookinfo and mesh2-bookinfo."
}

variable "ratings_redirect" {
  type        = string
  default     = null
  description = "The seed README's manual redirect on mesh2, off by default: \"egress_alias\" sends ratings through the egress gateway to ratings-aliased.mesh1-exports.svc.cluster.local; \"passthrough\" rewrites the authority to ratings.mesh1-bookinfo.svc.cluster.local. Either is a VirtualService in namespace mesh2-imports (created)."
}

provider "kube" "cluster" {
  kubeconfig = var.kubeconfig
}

module "federation" {
  source               = "../../modules/federation-pair"
  providers            = { kube.a = kube.cluster, kube.b = kube.cluster }
  ingress_service_type = "NodePort"
  address_mode         = "cluster_local"
  exports_a = [
    { namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo", alias_name = "ratings" },
    { namespace = "mesh1-bookinfo", name = "mongodb", alias_namespace = "bookinfo", alias_name = "mongodb" },
  ]
  imports_b = [{ namespace = "bookinfo", alias_namespace = "mesh2-bookinfo" }]
}

module "bookinfo_mesh1" {
  source     = "../../modules/bookinfo"
  count      = var.bookinfo ? 1 : 0
  providers  = { kube = kube.cluster }
  namespace  = "mesh1-bookinfo"
  database   = true
  depends_on = [module.federation]
}

module "bookinfo_mesh2" {
  source     = "../../modules/bookinfo"
  count      = var.bookinfo ? 1 : 0
  providers  = { kube = kube.cluster }
  namespace  = "mesh2-bookinfo"
  gateway    = true
  reviews_v3 = true
  import     = { mesh = "mesh1" }
  ratings_redirect = var.ratings_redirect == null ? null : {
    mode        = var.ratings_redirect
    namespace   = "mesh2-imports"
    remote_mesh = "mesh1"
  }
  depends_on = [module.federation]
}

output "peers" {
  description = "Each mesh's ServiceMeshPeer: the other mesh's in-cluster gateway address and ports."
  value = {
    for mesh, p in module.federation.peers : mesh => p.spec.remote
  }
}
