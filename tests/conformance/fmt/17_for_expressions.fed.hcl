locals {
  l = [ for x in var.xs : upper(x) if x != "" ]
  m = {for k,v in var.m: k=>v}
  g = {for k, v in var.m : v => k...}
  n = [for x in [1,2]: x]
  multi = [
    for x in var.xs :
    x
  ]
}
