# A file with hash comments.
   # indented comment at top
variable "a" { # after the brace
  type = string # the type
  default = "x"      # the default
  # a comment line inside
  description = "long description" # trailing
}
