# Inputs of the ossm-control-plane module: one mesh's control plane with a gateway pair per
# peer mesh (the seed's install-libvirt-1.sh / install-openstack.sh stage 1).

variable "mesh" {
  type        = string
  description = "This mesh's name (mesh1). Namespaces, gateways and the trust domain derive from it."
}

variable "peers" {
  type        = list(string)
  description = "The meshes this one federates with: one egress and one ingress gateway each."
}

variable "control_plane_name" {
  type        = string
  default     = null
  description = "Name of the ServiceMeshControlPlane (the seed: fed-export on mesh1, fed-import on mesh2). Default: fed-MESH."
}

variable "system_namespace" {
  type        = string
  default     = null
  description = "Namespace of the control plane. Default: MESH-system."
}

variable "member_namespaces" {
  type        = list(string)
  default     = null
  description = "Namespaces in the mesh (the ServiceMeshMemberRoll's members). Default: [MESH-bookinfo]."
}

variable "roll_members" {
  type        = list(string)
  default     = null
  description = "The namespaces in the ServiceMeshMemberRoll, when not all of member_namespaces: a migration to OSSM 3 moves namespaces out of the roll while this module keeps making them. Default: member_namespaces."
}

variable "namespace_labels" {
  type        = map(map(string))
  default     = {}
  description = "Labels of the namespaces this module makes, by namespace (e.g. { mesh1-bookinfo = { \"istio.io/rev\" = \"ossm3-v1-26-0\" } } when OSSM 3 serves it)."
}

variable "trust_domain" {
  type        = string
  default     = null
  description = "The mesh's trust domain. Default: MESH.local."
}

variable "smcp_version" {
  type        = string
  default     = "v2.1"
  description = "OSSM control plane version (spec.version)."
}

variable "ingress_service_type" {
  type        = string
  default     = "NodePort"
  description = "Service type of the federation ingress gateways: NodePort (libvirt, bare metal) or LoadBalancer (OpenStack, MetalLB)."
  validation {
    condition     = contains(["NodePort", "LoadBalancer"], var.ingress_service_type)
    error_message = "ingress_service_type must be \"NodePort\" or \"LoadBalancer\"."
  }
}

variable "ingress_annotations" {
  type        = map(string)
  default     = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
  description = "Annotations of the ingress gateway Services."
}

variable "address_mode" {
  type        = string
  default     = null
  description = "How peers reach this mesh: node_port (an address of a node, or `address` / `route`, with the NodePorts), load_balancer (the Service's load-balancer address and its ports, waited for up to load_balancer_timeout; see load_balancer_fallback) or cluster_local (both meshes in one cluster: the in-cluster Service name, ports 15443 and 8188). Default: from ingress_service_type."
  validation {
    condition     = var.address_mode == null ? true : contains(["node_port", "load_balancer", "cluster_local"], var.address_mode)
    error_message = "address_mode must be \"node_port\", \"load_balancer\" or \"cluster_local\"."
  }
}

variable "address" {
  type        = string
  default     = null
  description = "node_port mode (and load_balancer_fallback = \"node_port\"): the address peers use to reach the NodePorts, an IPv4 or IPv6 address or a DNS name (the hypervisor's, a VIP in front of the nodes, a name for them). Passed to the peers as written. Default: the host of `route` when set, else the first node's InternalIP."
  validation {
    # "/32" is a valid prefix for both families, so cidrhost accepts any IPv4 or IPv6 address.
    condition     = var.address == null ? true : can(cidrhost("${var.address}/32", 0)) || (length(var.address) <= 253 && !can(regex("^[0-9.]+$", var.address)) && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.address)))
    error_message = "address must be an IPv4 address, an IPv6 address or a DNS name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 characters each and 253 in all), not \"${var.address}\"."
  }
}

variable "route" {
  type = object({
    namespace = string
    name      = string
  })
  default     = null
  description = "node_port mode (and load_balancer_fallback = \"node_port\"): peers reach this mesh at the host of this OpenShift Route (route.openshift.io/v1), with the NodePorts: the seed's libvirt address. Read from the cluster once the control plane exists (known after apply when the Route is made in the same run); the host name is passed to the peers unresolved. Not together with address."
}

variable "load_balancer_timeout" {
  type        = string
  default     = "5m"
  description = "load_balancer mode: how long to wait for each ingress gateway Service's load-balancer address (status.loadBalancer.ingress) when it is read. With load_balancer_fallback = \"none\" a Service still without one stops the run, naming it and the cluster."
}

variable "load_balancer_fallback" {
  type        = string
  default     = "none"
  description = "load_balancer mode, when a gateway Service has no load-balancer address after load_balancer_timeout: \"none\" (an error) or \"node_port\" (peers use the node address, see address and route, with the NodePorts; the plan warns, naming the mesh, the peer and the address)."
  validation {
    condition     = contains(["none", "node_port"], var.load_balancer_fallback)
    error_message = "load_balancer_fallback must be \"none\" or \"node_port\", not \"${var.load_balancer_fallback}\"."
  }
}

variable "ready_timeout" {
  type        = string
  default     = "300s"
  description = "How long to wait for the control plane and the member roll to be Ready."
}
