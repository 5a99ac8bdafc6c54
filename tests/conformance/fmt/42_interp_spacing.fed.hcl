locals {
  a = "${ var.a }"
  b = "x${var.b}y"
  c = "%{~ if true ~} yes %{~ endif ~}"
  d = "${ {a = 1}.a }"
  e = "${"nested ${var.n}"}"
}
