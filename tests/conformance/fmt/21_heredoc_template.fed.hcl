locals {
  t = <<EOT
%{ for x in var.xs ~}
- ${ x }
%{ endfor ~}
EOT
  u = <<-EOT
    ${var.a+1}
  EOT
}
