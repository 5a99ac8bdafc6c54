# Where the migration stands: the stage, which mesh serves the member namespaces, and the
# paths imported services take (federation peers, east-west endpoints, imported hosts).

output "stage" {
  value = var.stage
}

output "serving" {
  description = "Per mesh: which mesh generation serves its member namespaces after this stage (ossm2, ossm3)."
  value = {
    (var.mesh_a) = local.moved_to_ossm3 ? "ossm3" : "ossm2"
    (var.mesh_b) = local.moved_to_ossm3 ? "ossm3" : "ossm2"
  }
}

output "imported_hosts" {
  description = "Per importing mesh: the hosts its clients use, the same under OSSM 2 and OSSM 3."
  value = {
    (var.mesh_a) = local.hosts_a
    (var.mesh_b) = local.hosts_b
  }
}

output "peers" {
  description = "Per mesh: its ServiceMeshPeer (until stage 4)."
  value = local.federated ? {
    (var.mesh_a) = module.a_peers_b[0].peer
    (var.mesh_b) = module.b_peers_a[0].peer
  } : {}
}

output "east_west_endpoints" {
  description = "Per mesh: where the peer reaches its east-west gateway (from stage 2)."
  value = local.discovery ? {
    (var.mesh_a) = module.east_west_a[0].endpoint
    (var.mesh_b) = module.east_west_b[0].endpoint
  } : {}
}

output "revisions" {
  description = "Per mesh: the OSSM 3 revision (the istio.io/rev value) from stage 1."
  value = local.ossm3 ? {
    (var.mesh_a) = module.ossm3_a[0].revision
    (var.mesh_b) = module.ossm3_b[0].revision
  } : {}
}

output "firewall_ports" {
  description = "The federation gateways' openings (until stage 4) and the east-west gateways' (from stage 2)."
  value = sort(concat(
    [for p in firewalld_port.gateway : p.id],
    local.discovery ? concat(module.east_west_a[0].firewall_ports, module.east_west_b[0].firewall_ports) : [],
  ))
}
