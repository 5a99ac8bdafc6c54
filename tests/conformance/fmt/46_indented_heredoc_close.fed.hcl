resource "null_resource" "h" {
    triggers = {
        script = <<-EOT
            echo hi
            EOT
      other = "x"
    }
}
