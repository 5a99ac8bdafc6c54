resource "kube_object" "d" {
  dynamic "rule" {
    for_each = var.rules
    content {
    port = rule.value.port
      protocol = rule.value.proto
    }
  }
}
