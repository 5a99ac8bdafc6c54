variable "mesh1_kubeconfig" {
  type    = string
  default = env("MESH1_KUBECONFIG")
}
provider "kube" "mesh1" { kubeconfig = var.mesh1_kubeconfig }
provider "firewalld" "hypervisor" { transport = "local" }   # or "ssh" with host/user/key
locals {
  meshes = { mesh1 = { peer = "mesh2" }, mesh2 = { peer = "mesh1" } }
}
module "federation" {
  source    = "../../modules/libvirt-federation"
  providers = { kube.a = kube.mesh1, kube.b = kube.mesh2, firewalld = firewalld.hypervisor }
  export    = [{ namespace = "mesh1-bookinfo", name = "ratings" }]
}
resource "kube_object" "peer_ca" {
  provider = kube.mesh2
  for_each = local.meshes
  manifest = { apiVersion = "v1", kind = "ConfigMap", metadata = { name = each.key }, data = { peer = each.value.peer } }
  wait {
    condition = "Ready"
    timeout   = "300s"
  }
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [manifest.metadata.annotations]
  }
  depends_on = [module.federation]
}
data "kube_object" "root_ca" {
  provider  = kube.mesh1
  kind      = "ConfigMap"
  name      = "istio-ca-root-cert"
  namespace = "mesh1-system"
}
output "mesh1_address" { value = module.federation.mesh1_address }
