# The two meshes and their peerings, for platform modules and for status reports.

output "mesh_a" {
  description = "Mesh a's ossm-control-plane outputs."
  value       = module.a
}

output "mesh_b" {
  description = "Mesh b's ossm-control-plane outputs."
  value       = module.b
}

output "peers" {
  description = "Per mesh: the ServiceMeshPeer it holds (spec.remote and status.discoveryStatus)."
  value = {
    (var.mesh_a) = module.a_peers_b.peer
    (var.mesh_b) = module.b_peers_a.peer
  }
}

output "node_ports" {
  description = "Per mesh: the NodePorts of its ingress gateway for the other mesh ({ service, discovery })."
  value = {
    (var.mesh_a) = module.a.node_ports[var.mesh_b]
    (var.mesh_b) = module.b.node_ports[var.mesh_a]
  }
}

output "operators" {
  description = "Per mesh: the operators' CSVs (ossm-operators' installed_csvs)."
  value = {
    (var.mesh_a) = module.operators_a.installed_csvs
    (var.mesh_b) = length(module.operators_b) == 0 ? module.operators_a.installed_csvs : module.operators_b[0].installed_csvs
  }
}
