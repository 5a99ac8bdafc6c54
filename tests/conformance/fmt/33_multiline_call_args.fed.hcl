locals {
  a = format(
  "%s-%s",
      var.a,
  var.b
  )
  b = merge(
    {a = 1},
    {b = 2},
  )
}
