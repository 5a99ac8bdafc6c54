# Where the peer reaches this mesh through the load balancer, and what was made.

output "endpoint" {
  description = "The peer's view: the VIP (or floating IP) and the listeners' ports."
  value = {
    address = coalesce(
      var.settings.floating_ip,
      var.floating_ip_lookup ? data.openstack_lb_loadbalancer.gateway[0].floating_ip : null,
      openstack_lb_loadbalancer.gateway.vip_address,
    )
    service_port   = openstack_lb_listener.gateway["service"].protocol_port
    discovery_port = openstack_lb_listener.gateway["discovery"].protocol_port
  }
}

output "load_balancer" {
  description = "The load balancer: id, name, vip_address, and its members as node => address."
  value = {
    id          = openstack_lb_loadbalancer.gateway.id
    name        = openstack_lb_loadbalancer.gateway.name
    vip_address = openstack_lb_loadbalancer.gateway.vip_address
    members     = { for k, m in openstack_lb_member.gateway : k => "${m.address}:${m.protocol_port}" }
  }
}
