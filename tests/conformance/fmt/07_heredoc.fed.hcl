locals {
  script = <<EOT
  keep   this
	and this tab
EOT
  indented = <<-EOT
      stripped
    EOT
  short = "s"
  x = 1
}
