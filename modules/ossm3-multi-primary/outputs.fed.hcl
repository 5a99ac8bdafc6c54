# What one multi-primary direction made: the reader account on the source and the remote
# secret on the target (names only: the token is never stored).

output "reader" {
  description = "The reader ServiceAccount on the source, as namespace/name."
  value       = "${var.source_mesh.namespace}/${kube_object.reader.manifest.metadata.name}"
}

output "remote_secret" {
  description = "The remote secret on the target, as namespace/name."
  value       = "${var.target_mesh.namespace}/${local.secret}"
}

output "token_expires_at" {
  value = kube_remote_secret.source.token_expires_at
}
