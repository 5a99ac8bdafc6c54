variable "obj" {
  type = object({
    name = string
    port = optional(number, 80)
    tags = map( string )
  })
  default = null
}
variable "l" {
  type = list(object({a=string}))
}
