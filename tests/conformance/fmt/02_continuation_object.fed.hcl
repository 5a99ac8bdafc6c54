locals {
  merged = merge(local.a, {
    x = 1
  }, local.b)
  chain = merge({
    a = 1
  }, {
    b = 2
  }, {
  c = 3 })
  cond = var.on ? {
    a = 1
  } : {
    b = 2
  }
}
