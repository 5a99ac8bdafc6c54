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

variable "version" {
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
  description = "How peers reach this mesh: node_port (an address of a node, or `address`, with the NodePorts), load_balancer (the Service's load-balancer address and its ports, falling back to node_port when none appears) or cluster_local (both meshes in one cluster: the in-cluster Service name, ports 15443 and 8188). Default: from ingress_service_type."
  validation {
    condition     = var.address_mode == null ? true : contains(["node_port", "load_balancer", "cluster_local"], var.address_mode)
    error_message = "address_mode must be \"node_port\", \"load_balancer\" or \"cluster_local\"."
  }
}

variable "address" {
  type        = string
  default     = null
  description = "node_port mode: the address peers use to reach the NodePorts (the hypervisor's, or the ingress Route's). Default: the first node's InternalIP."
}

variable "ready_timeout" {
  type        = string
  default     = "300s"
  description = "How long to wait for the control plane and the member roll to be Ready."
}
