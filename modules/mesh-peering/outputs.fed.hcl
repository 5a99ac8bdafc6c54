# What the peering made, for status reports and for objects that must follow it.

output "peer" {
  description = "The ServiceMeshPeer as the cluster holds it (status.discoveryStatus shows whether it connected)."
  value       = kube_object.peer.object
}

output "peer_name" {
  value = kube_object.peer.manifest.metadata.name
}

output "imported_namespace_suffix" {
  description = "Imported services are named NAME.ALIAS_NAMESPACE.svc.<this>."
  value       = "svc.${local.remote_mesh}-imports.local"
}
