# Inputs of the openstack-federation module: two clusters on OpenStack federated through
# load balancers, either the cloud provider's (LoadBalancer Services) or Octavia ones of ours.

variable "mode" {
  type        = string
  default     = "load_balancer_service"
  description = "load_balancer_service: ingress gateway Services of type LoadBalancer, made into Octavia load balancers by the cluster's cloud provider (the seed's install-openstack.sh). octavia: NodePort gateways with an Octavia load balancer per mesh made by fedplan (listeners 15443 and 8188, SOURCE_IP pools, a member per node), for clusters without a cloud provider (UPI)."
  validation {
    condition     = contains(["load_balancer_service", "octavia"], var.mode)
    error_message = "mode must be \"load_balancer_service\" or \"octavia\"."
  }
}

variable "mesh_a" {
  type    = string
  default = "mesh1"
}

variable "mesh_b" {
  type    = string
  default = "mesh2"
}

variable "control_plane_a" {
  type    = string
  default = "fed-export"
}

variable "control_plane_b" {
  type    = string
  default = "fed-import"
}

variable "openstack_a" {
  type = object({
    cluster_name       = optional(string, "kubernetes")
    load_balancer_name = optional(string)
    vip_subnet_id      = optional(string)
    vip_network_id     = optional(string)
    vip_address        = optional(string)
    member_subnet_id   = optional(string)
    flavor_id          = optional(string)
    floating_ip        = optional(string)
    allowed_cidrs      = optional(list(string))
    nodes              = optional(list(string))
  })
  default     = {}
  description = "Mesh a's OpenStack side. load_balancer_service mode with confirm_load_balancer: cluster_name (cloud-provider-openstack's --cluster-name) or load_balancer_name finds the load balancer the cloud provider made. octavia mode: vip_subnet_id or vip_network_id (required), vip_address, member_subnet_id (default: the VIP's subnet), flavor_id, allowed_cidrs (sources the listeners accept), nodes (the names of the nodes to put behind the load balancer, required: one member per node and port, at the node's InternalIP), load_balancer_name (default MESH-federation); floating_ip: an address associated with the VIP port outside fedplan (or a DNS name for it), given to the peer instead of the VIP."
  validation {
    condition     = var.openstack_a.vip_address == null ? true : can(cidrhost("${var.openstack_a.vip_address}/32", 0))
    error_message = "openstack_a.vip_address must be an IPv4 or IPv6 address (Octavia takes no DNS name for a VIP), not \"${var.openstack_a.vip_address}\"."
  }
  validation {
    condition     = var.openstack_a.floating_ip == null ? true : can(cidrhost("${var.openstack_a.floating_ip}/32", 0)) || (length(var.openstack_a.floating_ip) <= 253 && !can(regex("^[0-9.]+$", var.openstack_a.floating_ip)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.openstack_a.floating_ip)))
    error_message = "openstack_a.floating_ip must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.openstack_a.floating_ip}\"."
  }
}

variable "openstack_b" {
  type = object({
    cluster_name       = optional(string, "kubernetes")
    load_balancer_name = optional(string)
    vip_subnet_id      = optional(string)
    vip_network_id     = optional(string)
    vip_address        = optional(string)
    member_subnet_id   = optional(string)
    flavor_id          = optional(string)
    floating_ip        = optional(string)
    allowed_cidrs      = optional(list(string))
    nodes              = optional(list(string))
  })
  default     = {}
  description = "Mesh b's OpenStack side; see openstack_a."
  validation {
    condition     = var.openstack_b.vip_address == null ? true : can(cidrhost("${var.openstack_b.vip_address}/32", 0))
    error_message = "openstack_b.vip_address must be an IPv4 or IPv6 address (Octavia takes no DNS name for a VIP), not \"${var.openstack_b.vip_address}\"."
  }
  validation {
    condition     = var.openstack_b.floating_ip == null ? true : can(cidrhost("${var.openstack_b.floating_ip}/32", 0)) || (length(var.openstack_b.floating_ip) <= 253 && !can(regex("^[0-9.]+$", var.openstack_b.floating_ip)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.openstack_b.floating_ip)))
    error_message = "openstack_b.floating_ip must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.openstack_b.floating_ip}\"."
  }
}

variable "confirm_load_balancer" {
  type        = bool
  default     = false
  description = "load_balancer_service mode: look up each ingress Service's Octavia load balancer (openstack_lb_loadbalancer data source, named kube_service_CLUSTER_NAMESPACE_SERVICE), wait until it is ACTIVE, and give the peer its floating IP, else its VIP. Without it, the address is the Service's status.loadBalancer.ingress ip, else hostname, else a node's InternalIP with the NodePorts; no OpenStack call is made."
}

variable "load_balancer_timeout" {
  type        = string
  default     = "5m"
  description = "load_balancer_service mode: how long to wait for each ingress gateway Service's load-balancer address (status.loadBalancer.ingress), and with confirm_load_balancer for the cloud provider's load balancer to exist and be ACTIVE."
}

variable "load_balancer_fallback" {
  type        = string
  default     = "none"
  description = "load_balancer_service mode, when a gateway Service has no load-balancer address after load_balancer_timeout: \"none\" (the run fails, naming the Service and the cluster) or \"node_port\" (the seed's fallback: the peer gets the other cluster's first node and the NodePorts, and the plan warns)."
  validation {
    condition     = contains(["none", "node_port"], var.load_balancer_fallback)
    error_message = "load_balancer_fallback must be \"none\" or \"node_port\", not \"${var.load_balancer_fallback}\"."
  }
}

variable "floating_ip_lookup" {
  type        = bool
  default     = false
  description = "octavia mode: after creating each load balancer, look for a floating IP on its VIP port (Neutron) and give the peer that address instead of the VIP. Needs a network service in the catalog."
}

variable "health_monitor" {
  type        = bool
  default     = true
  description = "octavia mode: a TCP health monitor on each pool, so a node that stops answering gets no traffic."
}

variable "exports_a" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default     = []
  description = "Services of mesh a exported to mesh b."
}

variable "imports_b" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = []
  description = "What mesh b imports from mesh a, by the namespace mesh a exports under."
}

variable "exports_b" {
  type = list(object({
    namespace       = string
    name            = string
    alias_namespace = optional(string)
    alias_name      = optional(string)
  }))
  default     = []
  description = "Services of mesh b exported to mesh a."
}

variable "imports_a" {
  type = list(object({
    namespace       = string
    name            = optional(string)
    alias_namespace = optional(string)
    import_as_local = optional(bool, false)
  }))
  default     = []
  description = "What mesh a imports from mesh b."
}

variable "ready_timeout" {
  type    = string
  default = "300s"
}

variable "install_operators" {
  type        = bool
  default     = false
  description = "Install the Service Mesh, Kiali and Jaeger operators through OLM on both clusters first (modules/ossm-operators), then the control planes. false: the plan fails, naming the operator, on a cluster where one is missing."
}

variable "operators_timeout" {
  type        = string
  default     = "600s"
  description = "With install_operators: how long each operator's Subscription, CSV and CRDs may take."
}
