# A first fedplan configuration that needs no cluster: it renders the ConfigMap that holds
# a peer mesh's root CA to a file, the way a GitOps pipeline would pick it up.

variable "meshes" {
  type        = map(object({ peer = string, trust_domain = string }))
  description = "Each mesh and the mesh it federates with."
  default = {
    mesh1 = { peer = "mesh2", trust_domain = "mesh1.local" }
    mesh2 = { peer = "mesh1", trust_domain = "mesh2.local" }
  }
}

variable "out_dir" {
  type    = string
  default = "rendered"
}

locals {
  # The peer's CA ConfigMap, as the seed's install-libvirt-2.sh created it on each side.
  peer_ca = {
    for name, mesh in var.meshes : name => {
      apiVersion = "v1"
      kind       = "ConfigMap"
      metadata = {
        name      = "${mesh.peer}-ca-root-cert"
        namespace = "${name}-system"
      }
      data = { "root-cert.pem" = "(filled in from ${mesh.peer}'s istio-ca-root-cert)" }
    }
  }
}

resource "local_file" "peer_ca" {
  for_each = local.peer_ca
  filename = "${path.module}/${var.out_dir}/${each.key}/${each.value.metadata.name}.yaml"
  content  = yamlencode(each.value)
}

resource "null_resource" "federation" {
  triggers = { for name, f in local_file.peer_ca : name => f.id }
}

output "files" {
  value = [for f in local_file.peer_ca : f.filename]
}
