locals {
  a = [ # list
    1,  # one
    22, # two
  ] # done
  b = { // obj
    x = 1
  }
}
