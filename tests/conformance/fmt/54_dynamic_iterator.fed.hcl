resource "kube_object" "x" {
  dynamic "port" {
    for_each = var.ports
    iterator = p
    content {
      number = p.value
      name = "port-${p.key}"
    }
  }
}
