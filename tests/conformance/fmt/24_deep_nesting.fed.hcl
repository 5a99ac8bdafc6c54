resource "null_resource" "deep" {
  triggers = {
    a = jsonencode({
      b = [{
        c = {
          d = [1, 2, {
            e = "f"
          }]
        }
      }]
    })
  }
}
