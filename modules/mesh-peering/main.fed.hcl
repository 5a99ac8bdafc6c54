# One direction of a federation: on the local mesh, the remote's root CA ConfigMap, the
# ServiceMeshPeer pointing at the remote's ingress gateway, and the export and import sets.

locals {
  local_mesh  = var.local_mesh.mesh
  remote_mesh = var.remote_mesh.mesh
  namespace   = var.local_mesh.system_namespace
  ca_name     = "${local.remote_mesh}-ca-root-cert"

  # The namespaces the remote exports under, as this mesh sees them.
  remote_export_namespaces = var.remote_exports == null ? null : distinct([
    for e in var.remote_exports : coalesce(e.alias_namespace, e.namespace)
  ])
  missing_imports = local.remote_export_namespaces == null ? [] : [
    for i in var.imports : i.namespace if !contains(local.remote_export_namespaces, i.namespace)
  ]
}

resource "kube_object" "ca_root_cert" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = local.ca_name, namespace = local.namespace }
    data       = { "root-cert.pem" = var.remote_mesh.root_cert }
  }
  lifecycle {
    precondition {
      condition     = var.local_mesh.trust_domain != var.remote_mesh.trust_domain
      error_message = "Meshes ${local.local_mesh} and ${local.remote_mesh} share the trust domain ${var.local_mesh.trust_domain}: federated meshes need distinct trust domains."
    }
    precondition {
      condition     = contains(var.local_mesh.peers, local.remote_mesh)
      error_message = "Mesh ${local.local_mesh} does not list ${local.remote_mesh} among its peers, so it has no gateways for it: add \"${local.remote_mesh}\" to its control plane's peers."
    }
    precondition {
      condition     = contains(var.remote_mesh.peers, local.local_mesh)
      error_message = "Mesh ${local.remote_mesh} does not list ${local.local_mesh} among its peers: a peering needs both sides, add \"${local.local_mesh}\" to ${local.remote_mesh}'s peers."
    }
  }
}

resource "kube_object" "peer" {
  manifest = {
    apiVersion = "federation.maistra.io/v1"
    kind       = "ServiceMeshPeer"
    metadata   = { name = local.remote_mesh, namespace = local.namespace }
    spec = {
      remote = {
        addresses     = [var.remote_mesh.address]
        discoveryPort = var.remote_mesh.discovery_port
        servicePort   = var.remote_mesh.service_port
      }
      gateways = {
        ingress = { name = "${local.remote_mesh}-ingress" }
        egress  = { name = "${local.remote_mesh}-egress" }
      }
      security = {
        trustDomain = var.remote_mesh.trust_domain
        clientID    = "${var.remote_mesh.trust_domain}/ns/${var.remote_mesh.system_namespace}/sa/${local.local_mesh}-egress-service-account"
        certificateChain = {
          kind = "ConfigMap"
          name = kube_object.ca_root_cert.manifest.metadata.name
        }
      }
    }
  }
  lifecycle {
    precondition {
      condition     = var.remote_mesh.service_port != null
      error_message = "The ingress gateway Service ${local.local_mesh}-ingress of mesh ${local.remote_mesh} (namespace ${var.remote_mesh.system_namespace}) has no port named \"tls\"."
    }
    precondition {
      condition     = var.remote_mesh.discovery_port != null
      error_message = "The ingress gateway Service ${local.local_mesh}-ingress of mesh ${local.remote_mesh} (namespace ${var.remote_mesh.system_namespace}) has no port named \"https-discovery\"."
    }
    precondition {
      condition     = var.remote_mesh.address != null && var.remote_mesh.address != ""
      error_message = "No address for mesh ${local.remote_mesh}: its gateway has no load-balancer address, and no node address was found (no InternalIP on its first node, or a Route without a host); set its address input (an IP or a DNS name) or route."
    }
  }
}

resource "kube_object" "exports" {
  count = length(var.exports) == 0 ? 0 : 1
  manifest = {
    apiVersion = "federation.maistra.io/v1"
    kind       = "ExportedServiceSet"
    metadata   = { name = local.remote_mesh, namespace = local.namespace }
    spec = {
      exportRules = [
        for e in var.exports : {
          type = "NameSelector"
          nameSelector = {
            namespace = e.namespace
            name      = e.name
            alias = e.alias_namespace == null && e.alias_name == null ? null : {
              namespace = coalesce(e.alias_namespace, e.namespace)
              name      = coalesce(e.alias_name, e.name)
            }
          }
        }
      ]
    }
  }
  depends_on = [kube_object.peer]
}

resource "kube_object" "imports" {
  count = length(var.imports) == 0 ? 0 : 1
  manifest = {
    apiVersion = "federation.maistra.io/v1"
    kind       = "ImportedServiceSet"
    metadata   = { name = local.remote_mesh, namespace = local.namespace }
    spec = {
      importRules = [
        for i in var.imports : {
          type          = "NameSelector"
          importAsLocal = i.import_as_local
          nameSelector = {
            namespace = i.namespace
            name      = i.name
            alias     = i.alias_namespace == null ? null : { namespace = i.alias_namespace }
          }
        }
      ]
    }
  }
  depends_on = [kube_object.peer]
  lifecycle {
    precondition {
      condition     = length(local.missing_imports) == 0
      error_message = "Mesh ${local.local_mesh} imports namespace ${join(", ", local.missing_imports)} from ${local.remote_mesh}, which does not export anything under that namespace (it exports under: ${join(", ", coalesce(local.remote_export_namespaces, []))})."
    }
  }
}
