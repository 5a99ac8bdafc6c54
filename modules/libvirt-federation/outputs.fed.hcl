# What the libvirt federation made: the meshes, their peers, and the firewall openings.

output "mesh_a" {
  value = module.pair.mesh_a
}

output "mesh_b" {
  value = module.pair.mesh_b
}

output "peers" {
  description = "Per mesh: its ServiceMeshPeer as the cluster holds it."
  value       = module.pair.peers
}

output "node_ports" {
  value = module.pair.node_ports
}

output "firewall_ports" {
  description = "The openings on the hypervisor, as zone/port/protocol."
  value       = sort([for p in firewalld_port.gateway : p.id])
}
