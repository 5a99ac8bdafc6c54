# What other modules need from this mesh: names, the root CA, and for each peer the address
# and ports at which that peer reaches this mesh's ingress gateway.

locals {
  first_node = length(data.kube_objects.nodes) == 0 ? null : (
    length(data.kube_objects.nodes[0].objects) == 0 ? null : data.kube_objects.nodes[0].objects[0]
  )
  route_host = length(data.kube_object.route) == 0 ? null : data.kube_object.route[0].object.spec.host
  # The address given, else the Route's host, else the node's first InternalIP (a dual-stack
  # node has one per family), else null.
  node_address = var.address != null ? var.address : var.route != null ? local.route_host : (
    local.first_node == null ? null : concat([
      for a in lookup(local.first_node.status, "addresses", []) : a.address if a.type == "InternalIP"
    ], [null])[0]
  )

  gateways = {
    for peer, svc in data.kube_object.ingress : peer => {
      service       = svc.object.metadata.name
      tls           = one([for p in svc.object.spec.ports : p if p.name == "tls"])
      discovery     = one([for p in svc.object.spec.ports : p if p.name == "https-discovery"])
      load_balancer = lookup(lookup(lookup(svc.object, "status", {}), "loadBalancer", {}), "ingress", [])
    }
  }

  # The seed's rules: a load balancer's ip, else its hostname (AWS-style load balancers have
  # only a name), else nothing; a node with the NodePorts only with load_balancer_fallback.
  lb_address = {
    for peer, g in local.gateways : peer => (
      length(g.load_balancer) == 0 ? null : (
        lookup(g.load_balancer[0], "ip", "") != "" ? g.load_balancer[0].ip : (
          lookup(g.load_balancer[0], "hostname", "") != "" ? g.load_balancer[0].hostname : null
        )
      )
    )
  }
  use_lb = {
    for peer, g in local.gateways : peer => local.address_mode == "load_balancer" && local.lb_address[peer] != null
  }
  # Peers that get a node address and the NodePorts because their gateway has no load-balancer
  # address (only with load_balancer_fallback = "node_port"; without it the read failed).
  fallback_peers = [
    for peer, g in local.gateways : peer if local.address_mode == "load_balancer" && !local.use_lb[peer]
  ]

  # Per attribute, not one conditional over whole objects: while a gateway Service is still to
  # be read, the peers' names and the shape stay known and only the values wait.
  on_nodes = {
    for peer, g in local.gateways : peer => local.address_mode != "cluster_local" && !local.use_lb[peer]
  }
  endpoints = {
    for peer, g in local.gateways : peer => {
      address = local.address_mode == "cluster_local" ? "${g.service}.${local.system_namespace}.svc.cluster.local" : (
        local.on_nodes[peer] ? local.node_address : local.lb_address[peer]
      )
      service_port   = g.tls == null ? null : (local.on_nodes[peer] ? lookup(g.tls, "nodePort", null) : g.tls.port)
      discovery_port = g.discovery == null ? null : (local.on_nodes[peer] ? lookup(g.discovery, "nodePort", null) : g.discovery.port)
    }
  }
}

# The fallback is explicit (load_balancer_fallback) and never silent: a warning at the end of every
# plan and apply that uses it, naming the mesh, each peer and the address it gets.
check "load_balancer_fallback" {
  assert {
    condition     = length(local.fallback_peers) == 0
    error_message = "Mesh ${var.mesh} has no load-balancer address on the ingress gateway for ${join(", ", local.fallback_peers)}: load_balancer_fallback = \"node_port\" gives ${join("; ", [for p in local.fallback_peers : "peer ${p} the node address ${local.endpoints[p].address == null ? "(none)" : local.endpoints[p].address} with NodePorts ${local.endpoints[p].service_port == null ? "(none)" : local.endpoints[p].service_port} (tls) and ${local.endpoints[p].discovery_port == null ? "(none)" : local.endpoints[p].discovery_port} (https-discovery)"])}. The node must be reachable from the peer on those ports."
  }
}

output "mesh" {
  value = var.mesh
}

output "peers" {
  value = var.peers
}

output "control_plane_name" {
  value = kube_object.control_plane.manifest.metadata.name
}

output "system_namespace" {
  value = local.system_namespace
}

output "member_namespaces" {
  value = local.member_namespaces
}

output "trust_domain" {
  value = local.trust_domain
}

output "root_cert" {
  description = "The mesh's root CA (PEM), read from its istio-ca-root-cert ConfigMap."
  value       = data.kube_object.root_ca.object.data["root-cert.pem"]
}

output "endpoints" {
  description = "Per peer: where that peer reaches this mesh (address, service_port, discovery_port). A port is null when the gateway Service has no port of that name."
  value       = local.endpoints
}

output "node_ports" {
  description = "Per peer: the NodePorts of the ingress gateway Service's tls and https-discovery ports (null where none)."
  value = {
    for peer, g in local.gateways : peer => {
      service   = g.tls == null ? null : lookup(g.tls, "nodePort", null)
      discovery = g.discovery == null ? null : lookup(g.discovery, "nodePort", null)
    }
  }
}

output "node_addresses" {
  description = "InternalIP of every node (node_port mode without an address or route), for modules that put a load balancer in front of the NodePorts."
  value = length(data.kube_objects.nodes) == 0 ? [] : flatten([
    for n in data.kube_objects.nodes[0].objects : [
      for a in lookup(n.status, "addresses", []) : a.address if a.type == "InternalIP"
    ]
  ])
}

output "ready" {
  description = "The member roll's name once it is Ready: depend on it to wait for the mesh."
  value       = kube_object.member_roll.object.metadata.name
}

output "ingress_services" {
  description = "Per peer: the ingress gateway Service as the cluster holds it: name, namespace, the port numbers of its tls and https-discovery ports (service_port, discovery_port; null where none) and load_balancer_address (status.loadBalancer.ingress ip, else hostname; null when none). For modules that look up the load balancer behind the Service."
  value = {
    for peer, g in local.gateways : peer => {
      name                  = g.service
      namespace             = local.system_namespace
      service_port          = g.tls == null ? null : g.tls.port
      discovery_port        = g.discovery == null ? null : g.discovery.port
      load_balancer_address = local.lb_address[peer]
    }
  }
}
