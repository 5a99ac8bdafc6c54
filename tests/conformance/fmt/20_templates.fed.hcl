locals {
  a = "${var.x}-${ var.y }"
  b = "%{ if var.on }on%{ else }off%{ endif }"
  c = "${var.a+var.b}"
  d = "${ upper( var.name ) }"
  e = "plain"
}
