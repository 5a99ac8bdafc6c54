locals {
  m = {
    (local.k) = 1
    "${var.p}-x" = 2
    plain = 3
    (var.a[0]) = 4
  }
}
