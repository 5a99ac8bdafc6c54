


variable "a" {}



variable "b" {


  default = 1



  type = number

}


