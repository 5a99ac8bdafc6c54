locals {
  a = [0][0]
}
resource "null_resource" "r" {
  triggers = {
    first = var.list[0]
    second_longer = var.list[1]
    x = var.map["key"]
    (var.name) = "dyn"
    "quoted key" = 3
  }
  count = length(var.list)
}
