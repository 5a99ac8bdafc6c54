locals {
  long = var.a == null ? "a very long string that goes on and on" : var.b == null ? "another long string for the second branch" : "the third and last branch of this long conditional"
  sum = 1+2*3-4/5%6
  cmp = var.a>=1&&var.b<=2||!var.c
}
