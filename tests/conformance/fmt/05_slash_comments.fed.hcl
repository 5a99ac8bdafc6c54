// A file with slash comments.
variable "b" {
    // inside
  type = number // trailing
  default = 3 // other
        // a dangling comment
}
