# Inputs of the ossm3-east-west-gateway module: one mesh's cross-network gateway (port 15443)
# and how peers reach it: NodePort (+ firewalld or Octavia in front) or LoadBalancer (MetalLB).

variable "mesh" {
  type = object({
    mesh      = string
    namespace = string
    network   = string
    revision  = string
  })
  description = "The mesh (ossm3-control-plane's outputs): the gateway goes in its namespace, labelled with its network, run by its revision."
}

variable "name" {
  type        = string
  default     = "eastwestgateway"
  description = "The Gateway's name; istiod names its Service and Deployment NAME-istio."
}

variable "expose_all" {
  type        = bool
  default     = false
  description = "true: the listener passes every *.local host through (multi-primary, Istio's cross-network gateway). false: it passes nothing by itself, and only the hosts ossm3-manual-discovery exports (an Istio Gateway with AUTO_PASSTHROUGH) get through."
}

variable "service_type" {
  type        = string
  default     = "LoadBalancer"
  description = "The gateway Service's type (annotation networking.istio.io/service-type): NodePort or LoadBalancer."
  validation {
    condition     = contains(["NodePort", "LoadBalancer"], var.service_type)
    error_message = "service_type must be \"NodePort\" or \"LoadBalancer\"."
  }
}

variable "platform" {
  type        = string
  default     = null
  description = "What fronts the gateway: null (nothing: a load balancer the cluster provides, or NodePorts reachable as they are), firewalld (NodePort opened in firewalld: the hypervisor's libvirt zone, or every node host over ssh), octavia (an Octavia load balancer in front of the NodePort), metallb (a LoadBalancer Service with MetalLB annotations)."
  validation {
    condition     = var.platform == null ? true : contains(["firewalld", "octavia", "metallb"], var.platform)
    error_message = "platform must be null, \"firewalld\", \"octavia\" or \"metallb\"."
  }
}

variable "address" {
  type        = string
  default     = null
  description = "The address peers use, overriding what the module finds (the load balancer's, else the first node's InternalIP): the hypervisor's, a DNS name, a NAT."
}

variable "port" {
  type        = number
  default     = 15443
  description = "The listener's port (Istio's cross-network port)."
}

variable "firewall_zone" {
  type    = string
  default = "libvirt"
}

variable "firewall_protocols" {
  type    = list(string)
  default = ["tcp"]
}

variable "firewall_runtime_only" {
  type    = bool
  default = false
}

variable "metallb" {
  type = object({
    address_pool = optional(string)
    ips          = optional(list(string))
  })
  default     = {}
  description = "platform metallb: the pool (metallb.universe.tf/address-pool) and fixed addresses (metallb.universe.tf/loadBalancerIPs), set on the Service through the Gateway's infrastructure annotations."
}

variable "octavia" {
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
  default     = {}
  description = "platform octavia: the load balancer's VIP network, the nodes (names) behind it, and optionally a floating IP peers use."
}

variable "annotations" {
  type        = map(string)
  default     = {}
  description = "More annotations for the gateway Service (through the Gateway's infrastructure annotations)."
}

variable "ready_timeout" {
  type        = string
  default     = "300s"
  description = "How long to wait for the Gateway to be Programmed (a LoadBalancer needs its address)."
}
