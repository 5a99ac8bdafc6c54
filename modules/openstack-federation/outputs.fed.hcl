# What the OpenStack federation made: the meshes, their peers, where each mesh is reached,
# and the load balancers involved.

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

output "endpoints" {
  description = "Per mesh: where the other mesh reaches it ({ address, service_port, discovery_port }), as put in the other mesh's ServiceMeshPeer."
  value = {
    (var.mesh_a) = local.endpoint_a != null ? local.endpoint_a : module.pair.mesh_a.endpoints[var.mesh_b]
    (var.mesh_b) = local.endpoint_b != null ? local.endpoint_b : module.pair.mesh_b.endpoints[var.mesh_a]
  }
}

output "load_balancers" {
  description = "Per mesh: the Octavia load balancer in front of its gateway (octavia mode: the one made here, with its members; confirm_load_balancer: the cloud provider's). Empty otherwise."
  value = local.octavia ? {
    (var.mesh_a) = module.gateway_a[0].load_balancer
    (var.mesh_b) = module.gateway_b[0].load_balancer
    } : local.confirm ? {
    (var.mesh_a) = module.service_lb_a[0].load_balancer
    (var.mesh_b) = module.service_lb_b[0].load_balancer
  } : {}
}
