variable "a" {    }
variable "b" { default = 1 }
variable "c" {default="x"}
resource "null_resource" "x" { triggers = { a = 1 } }
locals { a = 1 }
