# What the other OSSM 3 modules need from this mesh: its names, network, trust domain, root
# CA (public), the revision that serves it, and a value to depend on once it is Ready.

output "mesh" {
  value = var.mesh
}

output "mesh_id" {
  value = local.mesh_id
}

output "namespace" {
  value = kube_object.namespace.manifest.metadata.name
}

output "revision" {
  description = "The active IstioRevision's name (default for InPlace; NAME-vX-Y-Z for RevisionBased): the istio.io/rev label value of workload namespaces."
  value       = kube_object.istio.object.status.activeRevisionName
}

output "network" {
  value = local.network
}

output "trust_domain" {
  value = local.trust_domain
}

output "trust_domain_aliases" {
  value = var.trust_domain_aliases
}

output "root_cert" {
  description = "The mesh's root CA (PEM, public): the cacerts root when the module made one, else what istiod publishes in istio-ca-root-cert."
  value       = var.cacerts == null ? data.kube_object.root_ca.object.data["root-cert.pem"] : kube_istio_cacerts.ca[0].root_cert
}

output "own_root" {
  description = "true when the mesh has a root of its own (cacerts = {}); false for a shared root or istiod's self-signed CA."
  value       = local.own_root
}

output "ready" {
  description = "The Istio's name once it is Ready: depend on it to wait for the mesh."
  value       = kube_object.istio.object.metadata.name
}

output "cacerts_root" {
  description = "The cacerts root (PEM) when the module made a cacerts Secret, else null. It depends on the Secret alone, so two meshes with roots of their own can trust each other's (extra_root_certs) without a cycle through their Istios."
  value       = var.cacerts == null ? null : kube_istio_cacerts.ca[0].root_cert
}
