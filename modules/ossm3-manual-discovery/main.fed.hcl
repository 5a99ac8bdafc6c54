# Manual service discovery on one cluster: exported services as ServiceEntries behind the
# east-west gateway; imported ones as ServiceEntry + WorkloadEntry on the peer's network.

locals {
  mesh = var.local_mesh.mesh

  # The host a service travels under, the same on both sides (the client's SNI names it).
  export_list = [
    for e in var.exports : merge(e, {
      key  = "${coalesce(e.alias_name, e.name)}.${coalesce(e.alias_namespace, e.namespace)}"
      host = "${coalesce(e.alias_name, e.name)}.${coalesce(e.alias_namespace, e.namespace)}.svc.${e.import_as_local ? "cluster" : "${local.mesh}-imports"}.local"
    })
  ]
  exports = { for e in local.export_list : e.key => e }
  # The service itself already has the host when it is exported under its own name as local.
  export_entries = { for k, e in local.exports : k => e if e.host != "${e.name}.${e.namespace}.svc.cluster.local" }

  remote = var.remote_mesh == null ? "" : var.remote_mesh.mesh
  import_list = [
    for i in var.imports : merge(i, {
      key       = "${coalesce(i.alias_name, i.name)}.${coalesce(i.alias_namespace, i.namespace)}"
      host      = "${coalesce(i.alias_name, i.name)}.${coalesce(i.alias_namespace, i.namespace)}.svc.${i.import_as_local ? "cluster" : "${local.remote}-imports"}.local"
      label     = "${local.remote}-${coalesce(i.alias_name, i.name)}-${coalesce(i.alias_namespace, i.namespace)}"
      entry_ns  = coalesce(i.entry_namespace, var.local_mesh.namespace)
      entry_sa  = coalesce(i.service_account, i.name)
      entry_obj = "${coalesce(i.alias_name, i.name)}-${coalesce(i.alias_namespace, i.namespace)}-from-${local.remote}"
    })
  ]
  imports = { for i in local.import_list : i.key => i }

  remote_hosts = var.remote_exports == null || var.remote_mesh == null ? null : [
    for e in var.remote_exports : "${coalesce(e.alias_name, e.name)}.${coalesce(e.alias_namespace, e.namespace)}.svc.${e.import_as_local ? "cluster" : "${local.remote}-imports"}.local"
  ]
  missing_imports = local.remote_hosts == null ? [] : [
    for i in local.import_list : i.host if !contains(local.remote_hosts, i.host)
  ]
  endpoint_ok = var.remote_endpoint == null ? false : (
    var.remote_endpoint.address != null && var.remote_endpoint.address != "" && var.remote_endpoint.port != null
  )
}

# Exported services under an alias: a ServiceEntry for the alias host that selects the pods.
resource "kube_object" "export_entry" {
  for_each = local.export_entries
  manifest = {
    apiVersion = "networking.istio.io/v1"
    kind       = "ServiceEntry"
    metadata   = { name = "${replace(each.key, ".", "-")}-export", namespace = each.value.namespace }
    spec = {
      hosts      = [each.value.host]
      location   = "MESH_INTERNAL"
      resolution = "STATIC"
      ports = [
        for p in each.value.ports : { number = p.number, name = p.name, protocol = p.protocol, targetPort = p.target_port }
      ]
      workloadSelector = { labels = each.value.selector == null ? { app = each.value.name } : each.value.selector }
    }
  }
}

# The east-west gateway passes exactly the exported hosts through (AUTO_PASSTHROUGH: mTLS stays
# end to end, the gateway routes by SNI).
resource "kube_object" "expose" {
  count = length(local.exports) == 0 ? 0 : 1
  manifest = {
    apiVersion = "networking.istio.io/v1"
    kind       = "Gateway"
    metadata   = { name = "${var.gateway_name}-exports", namespace = var.local_mesh.namespace }
    spec = {
      selector = { "gateway.networking.k8s.io/gateway-name" = var.gateway_name }
      servers = [{
        port  = { number = 15443, name = "tls", protocol = "TLS" }
        tls   = { mode = "AUTO_PASSTHROUGH" }
        hosts = sort([for e in local.export_list : e.host])
      }]
    }
  }
}

# The peer's network and where its gateway is: istiod sends traffic for endpoints on that
# network to this address (Gateway API istio-remote, as the Sail migration guide does).
resource "kube_object" "remote_gateway" {
  count = length(local.imports) == 0 ? 0 : 1
  manifest = {
    apiVersion = "gateway.networking.k8s.io/v1"
    kind       = "Gateway"
    metadata = {
      name      = "${local.remote}-network-gateway"
      namespace = var.local_mesh.namespace
      labels    = { "topology.istio.io/network" = var.remote_mesh.network }
    }
    spec = {
      gatewayClassName = "istio-remote"
      addresses = [{
        type  = can(regex("^[0-9.]+$|:", var.remote_endpoint.address)) ? "IPAddress" : "Hostname"
        value = var.remote_endpoint.address
      }]
      listeners = [{
        name     = "cross-network"
        port     = var.remote_endpoint.port
        protocol = "TLS"
        tls = {
          mode    = "Passthrough"
          options = { "gateway.istio.io/listener-protocol" = "auto-passthrough" }
        }
      }]
    }
  }
  lifecycle {
    precondition {
      condition     = local.endpoint_ok
      error_message = "Mesh ${local.mesh} imports from ${local.remote} but has no address or port for ${local.remote}'s east-west gateway: pass its ossm3-east-west-gateway endpoint as remote_endpoint (or set that module's address)."
    }
    precondition {
      condition     = var.remote_mesh.network != var.local_mesh.network
      error_message = "Meshes ${local.mesh} and ${local.remote} are both on network ${var.local_mesh.network}: manual discovery reaches a peer through its east-west gateway, so each mesh needs its own network."
    }
    precondition {
      condition     = var.remote_mesh.trust_domain != var.local_mesh.trust_domain || var.remote_mesh.root_cert == var.local_mesh.root_cert
      error_message = "Meshes ${local.mesh} and ${local.remote} have roots of their own but share the trust domain ${var.local_mesh.trust_domain}: one mesh's workloads could pass for the other's. Give each mesh its own trust domain (and alias the other's), or one shared root."
    }
    precondition {
      condition     = var.remote_mesh.trust_domain == var.local_mesh.trust_domain || contains(var.local_mesh.trust_domain_aliases, var.remote_mesh.trust_domain)
      error_message = "Mesh ${local.mesh} (trust domain ${var.local_mesh.trust_domain}) imports from ${local.remote} (trust domain ${var.remote_mesh.trust_domain}) without aliasing it: add \"${var.remote_mesh.trust_domain}\" to ${local.mesh}'s trust_domain_aliases."
    }
  }
}

resource "kube_object" "import_entry" {
  for_each = local.imports
  manifest = {
    apiVersion = "networking.istio.io/v1"
    kind       = "ServiceEntry"
    metadata   = { name = each.value.entry_obj, namespace = each.value.entry_ns }
    spec = {
      hosts      = [each.value.host]
      location   = "MESH_INTERNAL"
      resolution = "STATIC"
      ports = [
        for p in each.value.ports : { number = p.number, name = p.name, protocol = p.protocol, targetPort = p.target_port }
      ]
      subjectAltNames  = ["spiffe://${var.remote_mesh.trust_domain}/ns/${each.value.namespace}/sa/${each.value.entry_sa}"]
      workloadSelector = { labels = { "federation.fedplan.io/import" = each.value.label } }
    }
  }
  depends_on = [kube_object.remote_gateway]
  lifecycle {
    precondition {
      condition     = length(local.missing_imports) == 0
      error_message = "Mesh ${local.mesh} imports ${join(", ", local.missing_imports)} from ${local.remote}, which does not export it (it exports: ${join(", ", coalesce(local.remote_hosts, []))})."
    }
  }
}

# The peer's service as a workload on the peer's network: istiod replaces its address with the
# network's gateway; the address is the same gateway, for tools that read it.
resource "kube_object" "import_workload" {
  for_each = local.imports
  manifest = {
    apiVersion = "networking.istio.io/v1"
    kind       = "WorkloadEntry"
    metadata = {
      name      = each.value.entry_obj
      namespace = each.value.entry_ns
      labels    = { "federation.fedplan.io/import" = each.value.label, "security.istio.io/tlsMode" = "istio" }
    }
    spec = {
      address = var.remote_endpoint.address
      network = var.remote_mesh.network
      labels  = { "federation.fedplan.io/import" = each.value.label, "security.istio.io/tlsMode" = "istio" }
    }
  }
  depends_on = [kube_object.import_entry]
}
