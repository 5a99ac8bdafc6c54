terraform {
}
variable "x" {

}
locals {}
