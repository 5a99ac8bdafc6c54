locals {
  hosts = concat(["a",
  "b"], [
      "c",
    "d"])
  ports = [80,
           443,
    8080]
  nested = [[1, 2],
  [3, 4]]
}
