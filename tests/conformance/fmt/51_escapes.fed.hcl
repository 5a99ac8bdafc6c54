locals {
  a = "\"${var.x}\""
  b = "$${literal} and %%{ also }"
  c = "tab\there\nnewline \\ backslash"
  d = "${var.x}"
  e = "${ var.x }suffix"
}
