resource null_resource bare {
  triggers = {}
}
module m {
  source = "./m"
}
