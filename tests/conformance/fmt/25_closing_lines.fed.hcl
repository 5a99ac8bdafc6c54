locals {
  a = [{
    x = 1
  }, {
    x = 2
  }]
  b = f(g(
    1
  ))
  c = f(g(1,
    2), 3)
}
