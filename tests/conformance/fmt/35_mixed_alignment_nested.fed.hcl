resource "null_resource" "m" {
  count = 2
  triggers = {
    a = "1"
    bb = "2"
  }
  depends_on = [null_resource.x]
  provider = null.other
}
