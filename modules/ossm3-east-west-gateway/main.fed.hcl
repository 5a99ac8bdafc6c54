# One mesh's east-west gateway: a Gateway API Gateway of class istio labelled with the network,
# a TLS passthrough listener on 15443, and the platform's front (firewalld, Octavia, MetalLB).

locals {
  node_port = var.service_type == "NodePort"
  service   = "${var.name}-istio"
  metallb_annotations = var.platform != "metallb" ? {} : merge(
    var.metallb.address_pool == null ? {} : { "metallb.universe.tf/address-pool" = var.metallb.address_pool },
    var.metallb.ips == null ? {} : { "metallb.universe.tf/loadBalancerIPs" = join(",", var.metallb.ips) },
  )
  service_annotations = merge(local.metallb_annotations, var.annotations)
  # Istio's cross-network gateway passes *.local through; for manual discovery the listener
  # matches a host nobody uses, so only the exported hosts (an Istio Gateway) get through.
  hostname = var.expose_all ? null : "fake-hostname-to-block-all-by-default"
}

resource "kube_object" "gateway" {
  manifest = {
    apiVersion = "gateway.networking.k8s.io/v1"
    kind       = "Gateway"
    metadata = {
      name      = var.name
      namespace = var.mesh.namespace
      labels = merge(
        { "topology.istio.io/network" = var.mesh.network },
        var.mesh.revision == "default" ? {} : { "istio.io/rev" = var.mesh.revision },
      )
      annotations = { "networking.istio.io/service-type" = var.service_type }
    }
    spec = {
      gatewayClassName = "istio"
      infrastructure   = length(local.service_annotations) == 0 ? null : { annotations = local.service_annotations }
      listeners = [{
        name     = "cross-network"
        hostname = local.hostname
        port     = var.port
        protocol = "TLS"
        tls = {
          mode    = "Passthrough"
          options = { "gateway.istio.io/listener-protocol" = "auto-passthrough" }
        }
        allowedRoutes = { namespaces = { from = "Same" } }
      }]
    }
  }
  wait {
    condition = "Programmed"
    timeout   = var.ready_timeout
  }
  lifecycle {
    precondition {
      condition     = var.platform == null || var.platform == "metallb" || local.node_port
      error_message = "Mesh ${var.mesh.mesh}: platform ${var.platform == null ? "" : var.platform} fronts a NodePort: set service_type = \"NodePort\"."
    }
    precondition {
      condition     = var.platform != "metallb" || !local.node_port
      error_message = "Mesh ${var.mesh.mesh}: platform metallb gives LoadBalancer Services their addresses: set service_type = \"LoadBalancer\"."
    }
  }
}

# The Service istiod made for the Gateway, read once the Gateway is Programmed.
data "kube_object" "service" {
  kind      = "Service"
  name      = local.service
  namespace = kube_object.gateway.object.metadata.namespace
}

# Nodes, for the address of a NodePort when none is given, and Octavia's members.
data "kube_objects" "nodes" {
  count = local.node_port && (var.address == null || var.platform == "octavia") ? 1 : 0
  kind  = "Node"
}

locals {
  svc_port = one([for p in data.kube_object.service.object.spec.ports : p if p.port == var.port])
  ingress  = lookup(lookup(lookup(data.kube_object.service.object, "status", {}), "loadBalancer", {}), "ingress", [])
  lb_address = length(local.ingress) == 0 ? null : coalesce(
    lookup(local.ingress[0], "ip", null), lookup(local.ingress[0], "hostname", null)
  )
  node_address = {
    for n in(length(data.kube_objects.nodes) == 0 ? [] : data.kube_objects.nodes[0].objects) : n.metadata.name => concat([
      for a in lookup(lookup(n, "status", {}), "addresses", []) : a.address if a.type == "InternalIP"
    ], [null])[0]
  }
  first_node_address = length(data.kube_objects.nodes) == 0 ? null : (
    length(data.kube_objects.nodes[0].objects) == 0 ? null : local.node_address[data.kube_objects.nodes[0].objects[0].metadata.name]
  )
  node_port_number = local.svc_port == null ? null : lookup(local.svc_port, "nodePort", null)
}

# firewalld: the NodePort opened (recorded; destroy closes exactly it).
resource "firewalld_port" "gateway" {
  for_each     = var.platform == "firewalld" ? toset(var.firewall_protocols) : toset([])
  zone         = var.firewall_zone
  port         = local.node_port_number
  protocol     = each.key
  runtime_only = var.firewall_runtime_only
  lifecycle {
    precondition {
      condition     = local.node_port_number != null
      error_message = "Mesh ${var.mesh.mesh}: the gateway Service ${local.service} has no NodePort for port ${var.port}."
    }
  }
}
