output "a" {
  value = var.a
  description = "A"
  sensitive = true
}
output "b" { value = 1 }
output "c" {
  value = {
    for k, v in var.m : k => v
  }
}
