# top
locals { # open
  # before a
  a = [ # list open
    1, # first
    # between
    2 /* second */,
  ] # list close
  // before b
  b = 2 /* trailing block */
}
# bottom
