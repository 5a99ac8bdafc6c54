locals {
  rules = [
    {port = 80, proto = "tcp"},
    {
      port = 443
      proto = "tcp"
    },
  ]
}
