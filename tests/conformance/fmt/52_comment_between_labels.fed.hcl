resource "null_resource" /* the name */ "c" {
  triggers = { a = "1" } # end
}
