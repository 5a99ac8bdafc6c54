locals {
  a = {x=1,y=2}
  b = {  }
  c = {
    "k" = 1
    k2 = { z = 3 }
    longer_key = {}
  }
  d = {a: 1, b: 2}
}
