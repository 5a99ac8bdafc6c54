locals {
  a = 1.5e3
  b = 0.1+0.2
  c = var.l[0].x
  d = var.l.0.x
  e = 1e-3
}
