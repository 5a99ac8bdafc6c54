locals {
  a = var.list[*].ports[0]
  b = [for o in var.list : o.ports[*].number]
  c = var.map["a"]["b"].c[0]
  d = try(var.x[0], null)
  e = (var.list)[0]
  f = { a = 1 }["a"]
  g = [1, 2][1]
}
