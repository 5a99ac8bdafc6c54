locals {
  rendered = <<-EOT
    %{~ for name, port in var.ports ~}
    ${ name }=${ port }
    %{~ endfor ~}
    %{ if var.debug }debug%{ else }quiet%{ endif }
  EOT
  inline = "%{ for x in var.xs }${x},%{ endfor }"
}
