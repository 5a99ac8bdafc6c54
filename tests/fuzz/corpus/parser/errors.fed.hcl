a = "unclosed
b = [1 2
c = { x = 1 y = 2 }
d = f(1,
resource "x" "y" {
  e = 1 +
  block {
f = 'single' & 2
g = <<EOT
never closed
