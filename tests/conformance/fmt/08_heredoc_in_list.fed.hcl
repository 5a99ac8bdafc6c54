locals {
  docs = [
  <<EOT
one
EOT
  ,
    "two",
  ]
  after = 1
}
