# What the bookinfo module deployed.

output "objects" {
  description = "KIND/NAME of every object deployed in the namespace."
  value       = sort(concat(keys(kube_object.app), keys(kube_object.import)))
}

output "services" {
  description = "Names of the Services the application offers (candidates for export)."
  value       = sort([for k, o in kube_object.app : o.manifest.metadata.name if o.manifest.kind == "Service"])
}
