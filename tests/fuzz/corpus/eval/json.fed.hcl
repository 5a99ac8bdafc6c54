jsondecode(jsonencode(o)) == jsondecode(json)
