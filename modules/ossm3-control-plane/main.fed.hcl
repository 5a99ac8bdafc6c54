# One OSSM 3 mesh on the Sail operator: its namespace labelled with the network, the cacerts
# Secret when asked, the IstioCNI where the platform needs it, and the Istio, waited Ready.

locals {
  mesh_id      = coalesce(var.mesh_id, var.mesh)
  network      = coalesce(var.network, "${var.mesh}-network")
  trust_domain = coalesce(var.trust_domain, "${var.mesh}.local")
  istio_name   = var.revision == null ? "default" : var.revision
  own_root     = var.cacerts == null ? false : var.cacerts.root_cert_file == null
}

resource "kube_object" "namespace" {
  manifest = {
    apiVersion = "v1"
    kind       = "Namespace"
    metadata = {
      name   = var.namespace
      labels = { "topology.istio.io/network" = local.network }
    }
  }
}

# Istio's plugged-in CA. The key is made at apply and never stored (docs/providers/kube.md).
resource "kube_istio_cacerts" "ca" {
  count               = var.cacerts == null ? 0 : 1
  namespace           = kube_object.namespace.manifest.metadata.name
  root_cert_file      = var.cacerts.root_cert_file
  root_key_file       = var.cacerts.root_key_file
  organization        = coalesce(var.cacerts.organization, local.trust_domain)
  common_name         = var.cacerts.common_name
  validity            = var.cacerts.validity
  rotation            = var.cacerts.rotation
  restart_on_rotation = true
  lifecycle {
    precondition {
      condition     = (var.cacerts.root_cert_file == null) == (var.cacerts.root_key_file == null)
      error_message = "Mesh ${var.mesh}: cacerts needs both root_cert_file and root_key_file (a shared root), or neither (a root of its own)."
    }
  }
}

resource "kube_object" "cni_namespace" {
  count = var.cni ? 1 : 0
  manifest = {
    apiVersion = "v1"
    kind       = "Namespace"
    metadata   = { name = var.cni_namespace }
  }
}

resource "kube_object" "cni" {
  count = var.cni ? 1 : 0
  manifest = {
    apiVersion = "sailoperator.io/v1"
    kind       = "IstioCNI"
    metadata   = { name = "default" }
    spec = {
      version   = var.istio_version
      namespace = kube_object.cni_namespace[0].manifest.metadata.name
    }
  }
  wait {
    condition = "Ready"
    timeout   = var.ready_timeout
  }
}

resource "kube_object" "istio" {
  manifest = {
    apiVersion = "sailoperator.io/v1"
    kind       = "Istio"
    metadata   = { name = local.istio_name }
    spec = {
      version        = var.istio_version
      namespace      = kube_object.namespace.manifest.metadata.name
      updateStrategy = { type = var.revision == null ? "InPlace" : "RevisionBased" }
      values = merge({
        global = {
          meshID       = local.mesh_id
          network      = local.network
          multiCluster = { clusterName = var.mesh }
        }
        meshConfig = {
          trustDomain        = local.trust_domain
          trustDomainAliases = length(var.trust_domain_aliases) == 0 ? null : var.trust_domain_aliases
          caCertificates     = length(compact(var.extra_root_certs)) == 0 ? null : [for pem in compact(var.extra_root_certs) : { pem = pem }]
        }
      }, var.values)
    }
  }
  wait {
    condition = "Ready"
    timeout   = var.ready_timeout
  }
  # istiod reads cacerts at start: the Secret comes first; the CNI before the proxies need it.
  depends_on = [kube_istio_cacerts.ca, kube_object.cni]
  lifecycle {
    precondition {
      condition     = !contains(var.trust_domain_aliases, local.trust_domain)
      error_message = "Mesh ${var.mesh}: trust_domain_aliases lists the mesh's own trust domain ${local.trust_domain}; aliases name the peers' trust domains."
    }
  }
}

# The root CA istiod publishes, read once the Istio exists (its namespace is unknown until then,
# so the first plan reads it during the apply).
data "kube_object" "root_ca" {
  kind      = "ConfigMap"
  name      = "istio-ca-root-cert"
  namespace = kube_object.istio.object.spec.namespace
}
