locals {
  a = 1 # one
  bbbbbb = 2 # two
  c = [1, 2] # three

  d = 4 # four
  ee = { # opens
    x = 1 # inner
  } # closes
}
