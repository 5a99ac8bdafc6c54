resource "null_resource" "a" {
  lifecycle {
    create_before_destroy = true
  }
  count = 1
  triggers = {}
}
