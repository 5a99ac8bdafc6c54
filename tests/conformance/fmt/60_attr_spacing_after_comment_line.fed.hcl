locals {
  a = 1
  // c
  bb = 2
  /* d */
  ccc = 3
  dddd = 4 /* e */
  e = 5
}
