# Inputs of service-load-balancer: the Octavia load balancer that cloud-provider-openstack made
# for one LoadBalancer ingress gateway Service (openstack-federation's confirm_load_balancer).

variable "service" {
  type = object({
    name           = string
    namespace      = string
    service_port   = number
    discovery_port = number
  })
  description = "The ingress gateway Service as the cluster holds it (ossm-control-plane's ingress_services[peer])."
}

variable "cluster_name" {
  type        = string
  default     = "kubernetes"
  description = "cloud-provider-openstack's --cluster-name (on OpenShift the infrastructure name)."
}

variable "load_balancer_name" {
  type        = string
  default     = null
  description = "The load balancer's name. Default: kube_service_CLUSTER_NAMESPACE_SERVICE, cloud-provider-openstack's."
}

variable "timeout" {
  type        = string
  default     = "5m"
  description = "How long to wait for the load balancer to exist and be ACTIVE."
}
