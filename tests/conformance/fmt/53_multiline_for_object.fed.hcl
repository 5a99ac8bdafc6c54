locals {
  by_name = {
    for s in var.services :
    s.name => {
      port = s.port
        host = "${s.name}.svc"
    }
    if s.enabled
  }
  grouped = { for s in var.services : s.zone => s.name... if s.enabled }
}
