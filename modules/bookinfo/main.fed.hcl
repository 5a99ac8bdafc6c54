# The bookinfo sample on one mesh: the shipped manifests (one kube_object per document, keyed
# KIND/NAME) in the given namespace, plus the objects that route to imported services.

locals {
  files = concat(
    ["bookinfo.yaml", "bookinfo-ratings-v2.yaml"],
    var.database ? ["bookinfo-db.yaml"] : [],
    ["destination-rule-all.yaml"],
    var.gateway ? ["bookinfo-gateway.yaml"] : [],
    var.reviews_v3 ? ["virtual-service-reviews-v3.yaml"] : [],
  )
  documents = flatten([
    for f in local.files : [
      for d in yamldecodeall(file("${path.module}/manifests/${f}")) : d if d != null
    ]
  ])
  shipped = {
    for d in local.documents : "${d.kind}/${d.metadata.name}" => merge(d, {
      metadata = merge(d.metadata, { namespace = var.namespace })
    })
  }

  imported_ns    = var.import == null ? null : coalesce(var.import.namespace, var.namespace)
  imports_domain = var.import == null ? null : "svc.${var.import.mesh}-imports.local"

  # The seed's import-side objects (config-poc import/mongodb-service.yaml and examples/).
  import_objects = var.import == null ? {} : merge({
    # Only so that the name resolves: a VirtualService alone makes no DNS entry.
    "Service/mongodb" = {
      apiVersion = "v1"
      kind       = "Service"
      metadata   = { name = "mongodb", namespace = var.namespace }
      spec = {
        type  = "ClusterIP"
        ports = [{ port = 27017, name = "mongo" }]
      }
    }
    "VirtualService/mongodb-remote" = {
      apiVersion = "networking.istio.io/v1alpha3"
      kind       = "VirtualService"
      metadata   = { name = "mongodb-remote", namespace = var.namespace }
      spec = {
        hosts = ["mongodb.${var.namespace}.svc.cluster.local"]
        tcp = [{
          route = [{ destination = { host = "mongodb.${local.imported_ns}.${local.imports_domain}" } }]
        }]
      }
    }
    }, var.import.ratings_split == null ? {} : {
    "VirtualService/ratings-split" = {
      apiVersion = "networking.istio.io/v1alpha3"
      kind       = "VirtualService"
      metadata   = { name = "ratings-split", namespace = var.namespace }
      spec = {
        hosts = ["ratings.${var.namespace}.svc.cluster.local"]
        http = [{
          route = [
            { destination = { host = "ratings.${local.imported_ns}.${local.imports_domain}" }, weight = var.import.ratings_split },
            { destination = { host = "ratings.${var.namespace}.svc.cluster.local" }, weight = 100 - var.import.ratings_split },
          ]
        }]
      }
    }
  })

  redirect       = var.ratings_redirect
  alias_host     = local.redirect == null ? null : "ratings-aliased.${local.redirect.remote_mesh}-exports.svc.cluster.local"
  remote_ratings = local.redirect == null ? null : "ratings.${coalesce(local.redirect.remote_namespace, "${local.redirect.remote_mesh}-bookinfo")}.svc.cluster.local"
  redirect_objects = local.redirect == null ? {} : local.redirect.mode == "egress_alias" ? {
    "VirtualService/ratings-aliased-${local.redirect.remote_mesh}" = {
      apiVersion = "networking.istio.io/v1beta1"
      kind       = "VirtualService"
      metadata   = { name = "ratings-aliased-${local.redirect.remote_mesh}", namespace = local.redirect.namespace }
      spec = {
        hosts    = [local.alias_host, "ratings.${var.namespace}.svc.cluster.local"]
        gateways = ["mesh"]
        http = [{
          rewrite = { authority = local.alias_host }
          route   = [{ destination = { host = local.alias_host } }]
        }]
      }
    }
    } : {
    "VirtualService/ratings-passthrough" = {
      apiVersion = "networking.istio.io/v1beta1"
      kind       = "VirtualService"
      metadata   = { name = "ratings-passthrough", namespace = local.redirect.namespace }
      spec = {
        hosts = ["ratings.${var.namespace}.svc.cluster.local"]
        http = [{
          rewrite = { authority = local.remote_ratings }
          route   = [{ destination = { host = local.remote_ratings } }]
        }]
      }
    }
  }
}

resource "kube_object" "app" {
  for_each = local.shipped
  manifest = each.value
}

resource "kube_object" "import" {
  for_each   = local.import_objects
  manifest   = each.value
  depends_on = [kube_object.app]
  lifecycle {
    precondition {
      condition     = !var.database
      error_message = "Namespace ${var.namespace} both runs mongodb (database = true) and imports it from ${var.import.mesh}: the alias Service mongodb would replace the local one. Use one or the other."
    }
  }
}

resource "kube_object" "redirect_namespace" {
  count = local.redirect == null ? 0 : 1
  manifest = {
    apiVersion = "v1"
    kind       = "Namespace"
    metadata   = { name = local.redirect.namespace }
  }
}

resource "kube_object" "redirect" {
  for_each   = local.redirect_objects
  manifest   = each.value
  depends_on = [kube_object.redirect_namespace, kube_object.import]
}
