locals {
  a = concat([
    1,
  ], [2], [
    3,
  ])
  b = jsonencode({
    a = [
      1
    ] })
  c = f(
    g(1), h(
      2
  ))
}
