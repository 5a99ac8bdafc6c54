/* A block comment
   over two lines */
variable "c" {
  /* inline */ type = bool
  default = /* in the value */ true
    /*
     * star style
     */
  description = "c"
}
