locals {
  a = 1
  bbb = 2

  cc = 3
  d = 4
  # comment
  eeeee = 5
  f = 6
  nested {}
  g = 7
  hhhh = {
    x = 1
  }
  i = 8
}
