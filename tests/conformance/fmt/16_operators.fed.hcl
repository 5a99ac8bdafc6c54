locals {
  a = - 1
  b = 2 -1
  c = ! true
  d = (1+2) * 3
  e = var.x!=null
  f = 5 - -3
  g = [-1, - 2]
  h = a-b
}
