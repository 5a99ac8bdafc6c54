# Where peers reach this mesh's east-west gateway (address, port, network), and the gateway
# Service as the cluster holds it.

locals {
  endpoint_address = local.octavia ? coalesce(var.octavia.floating_ip, openstack_lb_loadbalancer.gateway[0].vip_address) : (
    var.address != null ? var.address : (local.node_port ? local.first_node_address : local.lb_address)
  )
  endpoint_port = local.octavia ? openstack_lb_listener.gateway[0].protocol_port : (
    local.node_port ? local.node_port_number : (local.svc_port == null ? null : local.svc_port.port)
  )
}

output "endpoint" {
  description = "The peers' view: address (Octavia's floating IP or VIP; else the address input; else the load balancer's, or the first node's InternalIP for a NodePort), port (the listener's, or the NodePort) and network."
  value = {
    address = local.endpoint_address
    port    = local.endpoint_port
    network = var.mesh.network
  }
}

output "name" {
  value = kube_object.gateway.manifest.metadata.name
}

output "service" {
  description = "The gateway Service: name, namespace, type, port, node_port (null unless NodePort) and load_balancer_address (null when none)."
  value = {
    name                  = local.service
    namespace             = var.mesh.namespace
    type                  = var.service_type
    port                  = local.svc_port == null ? null : local.svc_port.port
    node_port             = local.node_port_number
    load_balancer_address = local.lb_address
  }
}

output "firewall_ports" {
  value = sort([for p in firewalld_port.gateway : p.id])
}
