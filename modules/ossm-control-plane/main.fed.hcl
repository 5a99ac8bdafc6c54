# One OSSM mesh: its namespaces, the ServiceMeshControlPlane with a federation gateway pair per
# peer, the ServiceMeshMemberRoll, and what the peers need from it (root CA, gateway ports).

locals {
  control_plane_name = coalesce(var.control_plane_name, "fed-${var.mesh}")
  system_namespace   = coalesce(var.system_namespace, "${var.mesh}-system")
  member_namespaces  = var.member_namespaces == null ? ["${var.mesh}-bookinfo"] : var.member_namespaces
  roll_members       = var.roll_members == null ? local.member_namespaces : var.roll_members
  trust_domain       = coalesce(var.trust_domain, "${var.mesh}.local")
  address_mode       = coalesce(var.address_mode, var.ingress_service_type == "LoadBalancer" ? "load_balancer" : "node_port")

  # Resource requests that fit small clusters, as in config-poc.
  gateway_runtime = {
    deployment = { autoScaling = { enabled = false } }
    container = {
      resources = {
        requests = { cpu = "10m", memory = "128Mi" }
        limits   = {}
      }
    }
  }

  egress_gateways = {
    for peer in var.peers : "${peer}-egress" => {
      enabled              = true
      requestedNetworkView = ["network-${peer}"]
      routerMode           = "sni-dnat"
      service = {
        metadata = { labels = { "federation.maistra.io/egress-for" = peer } }
        ports = [
          { port = 15443, name = "tls" },
          { port = 8188, name = "http-discovery" },
        ]
      }
      runtime = local.gateway_runtime
    }
  }

  ingress_gateways = {
    for peer in var.peers : "${peer}-ingress" => {
      enabled    = true
      routerMode = "sni-dnat"
      service = {
        type = var.ingress_service_type
        metadata = {
          labels      = { "federation.maistra.io/ingress-for" = peer }
          annotations = var.ingress_annotations
        }
        ports = [
          { port = 15443, name = "tls" },
          { port = 8188, name = "https-discovery" },
        ]
      }
      runtime = local.gateway_runtime
    }
  }
}

resource "kube_object" "namespace" {
  for_each = toset(concat([local.system_namespace], local.member_namespaces))
  manifest = {
    apiVersion = "v1"
    kind       = "Namespace"
    metadata   = { name = each.key, labels = lookup(var.namespace_labels, each.key, null) }
  }
}

resource "kube_object" "control_plane" {
  manifest = {
    apiVersion = "maistra.io/v2"
    kind       = "ServiceMeshControlPlane"
    metadata = {
      name      = local.control_plane_name
      namespace = kube_object.namespace[local.system_namespace].manifest.metadata.name
    }
    spec = {
      version = var.smcp_version
      runtime = { defaults = { container = { imagePullPolicy = "Always" } } }
      addons = {
        grafana    = { enabled = true }
        kiali      = { enabled = true }
        prometheus = { enabled = true }
      }
      tracing = { type = "Jaeger", sampling = 10000 }
      proxy   = { accessLogging = { file = { name = "/dev/stdout" } } }
      gateways = {
        additionalEgress  = local.egress_gateways
        additionalIngress = local.ingress_gateways
      }
      security = { trust = { domain = local.trust_domain } }
    }
  }
  wait {
    condition = "Ready"
    timeout   = var.ready_timeout
  }
  lifecycle {
    precondition {
      condition     = !contains(var.peers, var.mesh)
      error_message = "Mesh ${var.mesh} lists itself among its peers."
    }
    precondition {
      condition     = var.address == null || var.route == null
      error_message = "Mesh ${var.mesh}: set address or route, not both: both say where peers reach this mesh (address = \"${var.address == null ? "" : var.address}\", route = ${var.route == null ? "" : "${var.route.namespace}/${var.route.name}"})."
    }
    precondition {
      condition     = length(distinct(var.peers)) == length(var.peers)
      error_message = "Mesh ${var.mesh} lists a peer twice: ${join(", ", var.peers)}."
    }
  }
}

resource "kube_object" "member_roll" {
  manifest = {
    apiVersion = "maistra.io/v1"
    kind       = "ServiceMeshMemberRoll"
    metadata = {
      name      = "default"
      namespace = kube_object.control_plane.manifest.metadata.namespace
    }
    spec = {
      members = [for ns in local.roll_members : kube_object.namespace[ns].manifest.metadata.name]
    }
  }
  wait {
    condition = "Ready"
    timeout   = var.ready_timeout
  }
  lifecycle {
    precondition {
      condition     = length(setsubtract(local.roll_members, local.member_namespaces)) == 0
      error_message = "Mesh ${var.mesh}'s roll_members name namespaces that are not among its member_namespaces: ${join(", ", setsubtract(local.roll_members, local.member_namespaces))}."
    }
  }
}

# Markers made once the control plane (with each peer's gateway) has been applied: their `id`
# is unknown while they are being created (or replaced with a new control plane), so the
# reads below wait for the apply then, and happen at plan time otherwise. (A depends_on on
# the control plane would defer the reads, and everything built on them, whenever the
# control plane merely changes, e.g. when a peer is removed.)
resource "null_resource" "control_plane" {
  triggers = { uid = kube_object.control_plane.uid }
}

resource "null_resource" "gateway" {
  for_each = toset(var.peers)
  # A new Service type changes the gateway Service: read it again after the apply.
  triggers = { uid = kube_object.control_plane.uid, service_type = var.ingress_service_type }
}

locals {
  # The system namespace, known once the marker exists.
  ca_namespace      = null_resource.control_plane.id == "" ? "" : local.system_namespace
  gateway_namespace = { for p, m in null_resource.gateway : p => m.id == "" ? "" : local.system_namespace }
}

# Published by the control plane once it runs: what peers trust.
data "kube_object" "root_ca" {
  kind      = "ConfigMap"
  name      = "istio-ca-root-cert"
  namespace = local.ca_namespace
}

# The ingress gateway Service the control plane made for each peer: its ports and address. In
# load_balancer mode the read waits for the load-balancer address (the cloud provider or MetalLB
# fills it in after the Service is made); without a fallback, a Service still without one is an
# error naming it, the cluster and the timeout. (A block cannot be left out: in the other modes
# the wait asks for metadata.name, which every object has, so it returns at once.)
data "kube_object" "ingress" {
  for_each  = toset(var.peers)
  kind      = "Service"
  name      = "${each.key}-ingress"
  namespace = local.gateway_namespace[each.key]
  wait {
    jsonpath      = local.address_mode == "load_balancer" ? "status.loadBalancer.ingress[0]" : "metadata.name"
    timeout       = local.address_mode == "load_balancer" ? var.load_balancer_timeout : "0s"
    on_timeout    = var.load_balancer_fallback == "node_port" ? "continue" : "fail"
    error_message = local.address_mode != "load_balancer" ? null : "The ingress gateway Service ${each.key}-ingress of mesh ${var.mesh} (namespace ${local.system_namespace}) for peer ${each.key} got no load-balancer address within load_balancer_timeout = ${var.load_balancer_timeout}: check the cluster's load-balancer implementation (cloud provider, MetalLB), raise load_balancer_timeout, or set load_balancer_fallback = \"node_port\" to give the peer a node address and the NodePorts."
  }
}

# The Route whose host peers use (the seed's libvirt address), once the control plane exists
# (it may be one the control plane makes). Its host is passed on unresolved: a peer resolves it
# where it runs, and a plan must not depend on this machine's DNS.
data "kube_object" "route" {
  count       = var.route == null ? 0 : 1
  api_version = "route.openshift.io/v1"
  kind        = "Route"
  name        = var.route.name
  namespace   = null_resource.control_plane.id == "" ? "" : var.route.namespace
  wait {
    jsonpath = "spec.host"
    timeout  = var.ready_timeout
  }
}

# Nodes, for the node_port address when none is given.
data "kube_objects" "nodes" {
  count = local.address_mode == "cluster_local" || var.address != null || var.route != null ? 0 : 1
  kind  = "Node"
}
