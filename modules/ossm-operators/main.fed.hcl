# The operators a Service Mesh federation needs on one cluster, installed through OLM (the
# seed's manual first step) or checked for at plan time, one error per missing operator.

locals {
  # What each package is and the kinds it serves once installed (its CSV's owned CRDs that
  # federation uses).
  catalog = {
    servicemeshoperator = {
      display_name = "Red Hat OpenShift Service Mesh operator"
      kinds = [
        { api_version = "maistra.io/v2", kind = "ServiceMeshControlPlane", crd = "servicemeshcontrolplanes.maistra.io" },
        { api_version = "maistra.io/v1", kind = "ServiceMeshMemberRoll", crd = "servicemeshmemberrolls.maistra.io" },
        { api_version = "federation.maistra.io/v1", kind = "ServiceMeshPeer", crd = "servicemeshpeers.federation.maistra.io" },
        { api_version = "federation.maistra.io/v1", kind = "ExportedServiceSet", crd = "exportedservicesets.federation.maistra.io" },
        { api_version = "federation.maistra.io/v1", kind = "ImportedServiceSet", crd = "importedservicesets.federation.maistra.io" },
      ]
    }
    servicemeshoperator3 = {
      display_name = "Red Hat OpenShift Service Mesh 3 operator"
      kinds = [
        { api_version = "sailoperator.io/v1", kind = "Istio", crd = "istios.sailoperator.io" },
        { api_version = "sailoperator.io/v1", kind = "IstioCNI", crd = "istiocnis.sailoperator.io" },
      ]
    }
    "kiali-ossm" = {
      display_name = "Kiali Operator provided by Red Hat"
      kinds = [
        { api_version = "kiali.io/v1alpha1", kind = "Kiali", crd = "kialis.kiali.io" },
      ]
    }
    "jaeger-product" = {
      display_name = "Red Hat OpenShift distributed tracing platform (Jaeger) operator"
      kinds = [
        { api_version = "jaegertracing.io/v1", kind = "Jaeger", crd = "jaegers.jaegertracing.io" },
      ]
    }
  }
  selected = { for p in var.operators : p => merge(local.catalog[p], { channel = lookup(var.channels, p, "stable") }) }

  # openshift-operators has the global OperatorGroup already; another namespace needs one.
  own_namespace = var.install && var.namespace != "openshift-operators"
}

# --- install = false: check that every operator's kinds are served -------------------------

data "kube_objects" "crds" {
  count       = var.install ? 0 : 1
  api_version = "apiextensions.k8s.io/v1"
  kind        = "CustomResourceDefinition"
}

locals {
  served_crds = var.install ? [] : [for c in data.kube_objects.crds[0].objects : c.metadata.name]
  missing = {
    for p, o in local.selected : p => [for k in o.kinds : k if !contains(local.served_crds, k.crd)]
  }
  # The kind an error names: the operator's first kind that is missing.
  first_missing = {
    for p, ks in local.missing : p => concat(ks, [{ api_version = "", kind = "", crd = "" }])[0]
  }
}

# One read per operator, of the CRD of its main kind; its precondition is the plan-time error.
data "kube_object" "installed" {
  for_each    = var.install ? {} : local.selected
  api_version = "apiextensions.k8s.io/v1"
  kind        = "CustomResourceDefinition"
  name        = each.value.kinds[0].crd
  lifecycle {
    precondition {
      condition     = length(local.missing[each.key]) == 0
      error_message = "${each.value.display_name} is not installed on cluster ${var.cluster}: kind ${local.first_missing[each.key].kind} (${local.first_missing[each.key].api_version}) is not served. Set ${var.install_setting} to install it through OLM (package ${each.key}, channel ${each.value.channel}, catalog ${var.catalog_source}), or install it yourself."
    }
  }
}

# --- install = true: Namespace, OperatorGroup, Subscriptions and the waits ------------------

resource "kube_object" "namespace" {
  count = local.own_namespace ? 1 : 0
  manifest = {
    apiVersion = "v1"
    kind       = "Namespace"
    metadata   = { name = var.namespace }
  }
}

resource "kube_object" "operator_group" {
  count = local.own_namespace ? 1 : 0
  manifest = {
    apiVersion = "operators.coreos.com/v1"
    kind       = "OperatorGroup"
    metadata = {
      name      = "${var.namespace}-operators"
      namespace = kube_object.namespace[0].manifest.metadata.name
    }
    spec = {} # all namespaces, as the global OperatorGroup
  }
}

locals {
  subscription_namespace = local.own_namespace ? kube_object.operator_group[0].manifest.metadata.namespace : var.namespace
}

resource "kube_object" "subscription" {
  for_each = var.install ? local.selected : {}
  manifest = {
    apiVersion = "operators.coreos.com/v1alpha1"
    kind       = "Subscription"
    metadata = {
      name      = each.key
      namespace = local.subscription_namespace
    }
    spec = {
      channel             = each.value.channel
      name                = each.key
      source              = var.catalog_source
      sourceNamespace     = var.source_namespace
      installPlanApproval = var.approval
    }
  }
  # OLM resolved the package and ran its InstallPlan: the CSV exists.
  wait {
    jsonpath = "status.installedCSV"
    timeout  = var.timeout
  }
}

# The operator runs: its ClusterServiceVersion reached Succeeded.
data "kube_object" "csv" {
  for_each    = var.install ? local.selected : {}
  api_version = "operators.coreos.com/v1alpha1"
  kind        = "ClusterServiceVersion"
  name        = kube_object.subscription[each.key].object.status.installedCSV
  namespace   = kube_object.subscription[each.key].manifest.metadata.namespace
  wait {
    jsonpath = "status.phase"
    value    = "Succeeded"
    timeout  = var.timeout
  }
}

locals {
  provided = var.install ? {
    for e in flatten([
      for p, o in local.selected : [for k in o.kinds : merge(k, { key = "${p}/${k.kind}", package = p })]
    ]) : e.key => e
  } : {}
}

# Its kinds are served: every CRD federation uses is Established.
data "kube_object" "crd" {
  for_each    = local.provided
  api_version = "apiextensions.k8s.io/v1"
  kind        = "CustomResourceDefinition"
  name        = each.value.crd
  wait {
    condition = "Established"
    timeout   = var.timeout
  }
  depends_on = [data.kube_object.csv]
}
