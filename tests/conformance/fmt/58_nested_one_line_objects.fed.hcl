locals {
  a = { b = { c = { d = 1 } } }
  aa = [{ x = 1 }, { x = 2 }]
  aaa = { "key with spaces" = 1, "k2" = [1, 2] }
}
