# Where the peer reaches the Service through its load balancer, and the load balancer.

output "endpoint" {
  value = {
    address        = data.openstack_lb_loadbalancer.service.address
    service_port   = var.service.service_port
    discovery_port = var.service.discovery_port
  }
}

output "load_balancer" {
  value = {
    id          = data.openstack_lb_loadbalancer.service.id
    name        = data.openstack_lb_loadbalancer.service.name
    vip_address = data.openstack_lb_loadbalancer.service.vip_address
    floating_ip = data.openstack_lb_loadbalancer.service.floating_ip
  }
}
