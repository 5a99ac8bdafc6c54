locals {
    a = 1
}
