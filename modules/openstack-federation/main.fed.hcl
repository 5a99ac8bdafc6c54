# OpenStack: two meshes peered both ways (federation-pair), reached through load balancers:
# the cloud provider's for LoadBalancer Services, or Octavia ones made here in front of NodePorts.

locals {
  octavia = var.mode == "octavia"
  confirm = var.mode == "load_balancer_service" && var.confirm_load_balancer

  # The ingress gateway Service of each mesh for the other one, as the cluster holds it.
  service_a = module.pair.mesh_a.ingress_services[var.mesh_b]
  service_b = module.pair.mesh_b.ingress_services[var.mesh_a]

  # Where each mesh is reached. null: federation-pair's own rule (the Service's load-balancer
  # ip, else hostname, waited for; a node's InternalIP with the NodePorts only with
  # load_balancer_fallback = "node_port").
  endpoint_a = local.octavia ? module.gateway_a[0].endpoint : local.confirm ? module.service_lb_a[0].endpoint : null
  endpoint_b = local.octavia ? module.gateway_b[0].endpoint : local.confirm ? module.service_lb_b[0].endpoint : null
}

module "pair" {
  source                 = "../federation-pair"
  providers              = { kube.a = kube.a, kube.b = kube.b }
  mesh_a                 = var.mesh_a
  mesh_b                 = var.mesh_b
  control_plane_a        = var.control_plane_a
  control_plane_b        = var.control_plane_b
  ingress_service_type   = local.octavia ? "NodePort" : "LoadBalancer"
  address_mode           = local.octavia ? "node_port" : "load_balancer"
  endpoint_a             = local.endpoint_a
  endpoint_b             = local.endpoint_b
  load_balancer_timeout  = var.load_balancer_timeout
  load_balancer_fallback = var.load_balancer_fallback
  exports_a              = var.exports_a
  imports_b              = var.imports_b
  exports_b              = var.exports_b
  imports_a              = var.imports_a
  ready_timeout          = var.ready_timeout
  install_operators      = var.install_operators
  install_setting        = "install_operators = true on the openstack-federation module"
  operators_timeout      = var.operators_timeout
}

# Mode load_balancer_service with confirm_load_balancer: the load balancers that
# cloud-provider-openstack made for the ingress Services, looked up in Octavia.
module "service_lb_a" {
  source             = "./service-load-balancer"
  count              = local.confirm ? 1 : 0
  providers          = { openstack_lb = openstack_lb.a }
  service            = local.service_a
  cluster_name       = var.openstack_a.cluster_name
  load_balancer_name = var.openstack_a.load_balancer_name
  timeout            = var.load_balancer_timeout
}

module "service_lb_b" {
  source             = "./service-load-balancer"
  count              = local.confirm ? 1 : 0
  providers          = { openstack_lb = openstack_lb.b }
  service            = local.service_b
  cluster_name       = var.openstack_b.cluster_name
  load_balancer_name = var.openstack_b.load_balancer_name
  timeout            = var.load_balancer_timeout
}

# Mode octavia: a load balancer per mesh in front of its gateway's NodePorts.
module "gateway_a" {
  source             = "./octavia-gateway"
  count              = local.octavia ? 1 : 0
  providers          = { kube = kube.a, openstack_lb = openstack_lb.a }
  mesh               = var.mesh_a
  node_ports         = module.pair.node_ports[var.mesh_a]
  settings           = var.openstack_a
  health_monitor     = var.health_monitor
  floating_ip_lookup = var.floating_ip_lookup
}

module "gateway_b" {
  source             = "./octavia-gateway"
  count              = local.octavia ? 1 : 0
  providers          = { kube = kube.b, openstack_lb = openstack_lb.b }
  mesh               = var.mesh_b
  node_ports         = module.pair.node_ports[var.mesh_b]
  settings           = var.openstack_b
  health_monitor     = var.health_monitor
  floating_ip_lookup = var.floating_ip_lookup
}
