# Multi-primary, one direction: on the source a reader ServiceAccount for the target (and its
# istio-reader ClusterRole and binding); on the target the remote secret holding its token.

locals {
  source = var.source_mesh.mesh
  target = var.target_mesh.mesh
  # One account per reading peer: revoking one peer deletes its account and voids its token.
  reader = "istio-reader-${local.target}"
  secret = "istio-remote-secret-${local.source}"
}

resource "kube_object" "reader" {
  provider = kube.source
  manifest = {
    apiVersion = "v1"
    kind       = "ServiceAccount"
    metadata = {
      name      = local.reader
      namespace = var.source_mesh.namespace
      labels    = { "app.kubernetes.io/managed-by" = "fedplan", "istio.io/remote-reader-for" = local.target }
    }
  }
  lifecycle {
    precondition {
      condition     = local.source != local.target
      error_message = "ossm3-multi-primary: source and target are both mesh ${local.source}."
    }
  }
}

# What istiod reads on a remote cluster (the istio-reader ClusterRole of Istio's base chart).
resource "kube_object" "reader_role" {
  provider = kube.source
  count    = var.rbac ? 1 : 0
  manifest = {
    apiVersion = "rbac.authorization.k8s.io/v1"
    kind       = "ClusterRole"
    metadata   = { name = "${local.reader}-${var.source_mesh.namespace}" }
    rules = [
      {
        apiGroups = ["config.istio.io", "security.istio.io", "networking.istio.io", "authentication.istio.io", "rbac.istio.io", "telemetry.istio.io", "extensions.istio.io"]
        resources = ["*"]
        verbs     = ["get", "list", "watch"]
      },
      {
        apiGroups = [""]
        resources = ["endpoints", "pods", "services", "nodes", "replicationcontrollers", "namespaces", "secrets"]
        verbs     = ["get", "list", "watch"]
      },
      { apiGroups = ["networking.istio.io"], resources = ["workloadentries"], verbs = ["get", "watch", "list"] },
      { apiGroups = ["networking.x-k8s.io", "gateway.networking.k8s.io"], resources = ["gateways"], verbs = ["get", "watch", "list"] },
      { apiGroups = ["apiextensions.k8s.io"], resources = ["customresourcedefinitions"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["multicluster.x-k8s.io"], resources = ["serviceexports", "serviceimports"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["apps"], resources = ["replicasets"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["authentication.k8s.io"], resources = ["tokenreviews"], verbs = ["create"] },
      { apiGroups = ["authorization.k8s.io"], resources = ["subjectaccessreviews"], verbs = ["create"] },
    ]
  }
}

resource "kube_object" "reader_binding" {
  provider = kube.source
  count    = var.rbac ? 1 : 0
  manifest = {
    apiVersion = "rbac.authorization.k8s.io/v1"
    kind       = "ClusterRoleBinding"
    metadata   = { name = "${local.reader}-${var.source_mesh.namespace}" }
    roleRef = {
      apiGroup = "rbac.authorization.k8s.io"
      kind     = "ClusterRole"
      name     = kube_object.reader_role[0].manifest.metadata.name
    }
    subjects = [{
      kind      = "ServiceAccount"
      name      = kube_object.reader.manifest.metadata.name
      namespace = var.source_mesh.namespace
    }]
  }
}

# On the target: the source's kubeconfig with the reader's token, labelled for istiod. The
# token is requested at apply and never stored; a rotation restarts istiod.
resource "kube_remote_secret" "source" {
  provider                  = kube.target
  source                    = merge({ kubeconfig = var.source_kubeconfig }, var.source_context == null ? {} : { context = var.source_context })
  cluster_name              = local.source
  secret_name               = local.secret
  service_account           = kube_object.reader.manifest.metadata.name
  service_account_namespace = var.source_mesh.namespace
  namespace                 = var.target_mesh.namespace
  server                    = var.source_server
  token_ttl                 = var.token_ttl
  rotate_before             = var.rotate_before
  rotation                  = var.rotation
  restart_on_rotation       = true
  depends_on                = [kube_object.reader_binding]
  lifecycle {
    precondition {
      condition     = var.source_mesh.mesh_id == var.target_mesh.mesh_id
      error_message = "Meshes ${local.source} (meshID ${var.source_mesh.mesh_id}) and ${local.target} (meshID ${var.target_mesh.mesh_id}) are not one mesh: multi-primary clusters share a meshID. Set the same mesh_id on both control planes, or use ossm3-manual-discovery."
    }
    precondition {
      condition     = var.source_mesh.root_cert == var.target_mesh.root_cert
      error_message = "Meshes ${local.source} and ${local.target} have different root CAs: multi-primary clusters need one shared root (cacerts with the same root_cert_file and root_key_file on both control planes)."
    }
  }
}
