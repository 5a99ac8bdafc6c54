locals {
  a = [
    1,
    # last
  ]
  b = {
    x = 1
    /* end */ }
}
