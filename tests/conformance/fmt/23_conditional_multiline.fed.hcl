locals {
  x = var.a ? [
    1
  ] : [
    2
  ]
  y = (var.a
    ? 1
  : 2)
}
