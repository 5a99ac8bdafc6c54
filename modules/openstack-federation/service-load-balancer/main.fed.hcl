# The load balancer cloud-provider-openstack made for a LoadBalancer Service, read from
# Octavia: its floating IP (else its VIP) is where the peer reaches the Service.

# The name refers to the live Service, so the lookup waits until the Service exists.
data "openstack_lb_loadbalancer" "service" {
  name = var.service.name == null ? null : coalesce(
    var.load_balancer_name,
    "kube_service_${var.cluster_name}_${var.service.namespace}_${var.service.name}",
  )
  timeout = var.timeout
}
