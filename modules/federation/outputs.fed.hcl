# What the federation made: per mesh its control plane's outputs, per ordered pair the peer
# as the cluster holds it, and the firewall openings.

output "meshes" {
  description = "Per mesh: its ossm-control-plane outputs (names, trust domain, root CA, endpoints per peer)."
  value       = module.control_plane
}

output "peers" {
  description = "Per ordered pair \"a->b\": where mesh a reaches mesh b (the ServiceMeshPeer's spec.remote on mesh a)."
  value       = { for key, p in module.peering : key => p.peer.spec.remote }
}

output "firewall_ports" {
  description = "Per cluster with a firewall: its openings as zone/port/protocol."
  value = {
    for k, c in local.firewalled : k => sort([for key, p in firewalld_port.gateway : p.id if local.openings[key].cluster == k])
  }
}

output "operators" {
  description = "Per mesh: the operators' CSVs (ossm-operators' installed_csvs)."
  value       = { for k, o in module.operators : k => o.installed_csvs }
}

output "load_balancers" {
  description = "Per gateway \"a->b\" (mesh a's for peer b) with an Octavia load balancer in front: openstack_octavia's (made here, with its members) or, with confirm_load_balancer, the cloud provider's. id, name, vip_address."
  value = merge(
    { for key, o in module.octavia : key => o.load_balancer },
    { for key, s in module.service_load_balancer : key => s.load_balancer },
  )
}
