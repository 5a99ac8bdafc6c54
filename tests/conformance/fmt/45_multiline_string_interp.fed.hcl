locals {
  a = "${
    var.x
  }"
  b = 1
}
