locals {
  a = upper ("x")
  b = join( ",", ["a","b"] )
  c = format("%s-%d",var.name,1)
  d = concat(var.a, var.b...)
  e = max( 1 , 2 )
}
