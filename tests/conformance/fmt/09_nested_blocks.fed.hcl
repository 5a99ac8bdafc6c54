resource "null_resource" "n" {
lifecycle {
ignore_changes = [triggers]
precondition {
condition = true
error_message = "never"
}
}
triggers = {}
}
