# Inputs of octavia-gateway: one mesh's Octavia load balancer in front of the NodePorts of its
# federation ingress gateway (openstack-federation's octavia mode, called once per mesh).

variable "mesh" {
  type        = string
  description = "The mesh whose gateway the load balancer fronts (names: MESH-federation...)."
}

variable "node_ports" {
  type = object({
    service   = number
    discovery = number
  })
  description = "The NodePorts of the ingress gateway Service's tls and https-discovery ports (ossm-control-plane's node_ports[peer])."
}

variable "ports" {
  type = object({
    service   = number
    discovery = number
  })
  default     = { service = 15443, discovery = 8188 }
  description = "The listeners' ports: what the peer puts in its ServiceMeshPeer."
}

variable "settings" {
  type = object({
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
  description = "The mesh's OpenStack settings (openstack-federation's openstack_a / openstack_b)."
}

variable "health_monitor" {
  type    = bool
  default = true
}

variable "floating_ip_lookup" {
  type    = bool
  default = false
}
