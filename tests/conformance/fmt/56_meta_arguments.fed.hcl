resource "null_resource" "m" {
  count = var.on ? 1 : 0
  provider = null.alt
  depends_on = [
    null_resource.a,
  null_resource.b,
  ]
  lifecycle {
    create_before_destroy = true
    ignore_changes = all
    replace_triggered_by = [null_resource.a.id]
  }
}
