locals {
  s = <<EOT
line one
EOT
    n = 1
}
