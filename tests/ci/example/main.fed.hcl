# The configuration the CI recipe test plans and applies through examples/ci/scripts: one
# ConfigMap on a sandbox cluster, the state in etcd (endpoints from -backend-config).
fedplan {
  backend "etcd" {}
}

variable "kubeconfig" {
  type    = string
  default = env("KUBECONFIG")
}

variable "greeting" {
  type    = string
  default = "hello"
}

provider "kube" {
  kubeconfig = var.kubeconfig
}

resource "kube_object" "greeting" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "ci-greeting", namespace = "default" }
    data       = { greeting = var.greeting }
  }
}

output "greeting" {
  value = kube_object.greeting.manifest.data.greeting
}
