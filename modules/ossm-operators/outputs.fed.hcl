# What the operators stage leaves: per package the CSV that runs, and the kinds now served.

output "installed_csvs" {
  description = "Per package: the ClusterServiceVersion that succeeded (install = true), or the CRD checked (install = false)."
  value       = var.install ? { for p, c in data.kube_object.csv : p => c.object.metadata.name } : { for p, c in data.kube_object.installed : p => c.object.metadata.name }
}

output "served_kinds" {
  description = "The kinds the operators serve, as \"apiVersion/Kind\", once their CRDs are Established (install = true) or found (install = false)."
  value = var.install ? [for key, c in data.kube_object.crd : "${local.provided[key].api_version}/${local.provided[key].kind}"] : flatten([
    for p, c in data.kube_object.installed : [for k in local.selected[p].kinds : "${k.api_version}/${k.kind}"]
  ])
}
