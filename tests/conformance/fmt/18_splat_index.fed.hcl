locals {
  a = var.list[*].name
  b = var.list.*.id
  c = var.map [ "k" ]
  d = var.list[ 0 ][ 1 ]
  e = var.obj . attr
}
