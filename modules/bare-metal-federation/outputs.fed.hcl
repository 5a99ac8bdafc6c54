# What the bare-metal federation made: the meshes, their peers, where each is reached, and
# the firewall openings on the node hosts.

output "mesh_a" {
  description = "Mesh a's ossm-control-plane outputs."
  value       = module.pair.mesh_a
}

output "mesh_b" {
  description = "Mesh b's ossm-control-plane outputs."
  value       = module.pair.mesh_b
}

output "peers" {
  description = "Per mesh: its ServiceMeshPeer as the cluster holds it (spec.remote and status.discoveryStatus)."
  value       = module.pair.peers
}

output "endpoints" {
  description = "Per mesh: where the other mesh reaches its ingress gateway (address, service_port, discovery_port): a node address with the NodePorts, or the MetalLB address with the Service ports."
  value = {
    (var.mesh_a) = local.metallb ? local.lb_endpoint_a : module.pair.mesh_a.endpoints[var.mesh_b]
    (var.mesh_b) = local.metallb ? local.lb_endpoint_b : module.pair.mesh_b.endpoints[var.mesh_a]
  }
}

output "node_ports" {
  description = "Per mesh: the NodePorts of its ingress gateway ({ service, discovery }); the same numbers are allocated in metallb mode but nothing opens them."
  value       = module.pair.node_ports
}

output "nodes" {
  description = "Per mesh: its cluster's nodes (name, internal_ips) in the API server's order: the first one's InternalIP is the default address; node_port mode opens the ports on one firewall host per node."
  value = {
    (var.mesh_a) = local.nodes_a
    (var.mesh_b) = local.nodes_b
  }
}

output "firewall_ports" {
  description = "Per mesh: the openings on its cluster's node hosts, as zone/port/protocol (empty in metallb mode)."
  value = {
    (var.mesh_a) = sort([for p in firewalld_port.a : p.id])
    (var.mesh_b) = sort([for p in firewalld_port.b : p.id])
  }
}
