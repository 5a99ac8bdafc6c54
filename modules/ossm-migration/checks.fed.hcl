# Plan-time checks that stop a step that would break reachability, read from the clusters as
# they are now (not from the state): traffic moves only onto a path that already exists.

locals {
  system_a = "${var.mesh_a}-system"
  system_b = "${var.mesh_b}-system"
}

# Namespaces as they are: which member namespaces OSSM 3 serves now (istio.io/rev set).
data "kube_objects" "live_namespaces_a" {
  provider = kube.a
  kind     = "Namespace"
  lifecycle {
    postcondition {
      condition     = var.stage < 4 || length(setsubtract(local.members_a, [for n in self.objects : n.metadata.name if lookup(lookup(n.metadata, "labels", {}), "istio.io/rev", "") != ""])) == 0
      error_message = "Stage 4 removes the OSSM 2 federation, but on ${var.mesh_a} ${join(", ", setsubtract(local.members_a, [for n in self.objects : n.metadata.name if lookup(lookup(n.metadata, "labels", {}), "istio.io/rev", "") != ""]))} is still served by OSSM 2 (no istio.io/rev label on the cluster): apply stage 3 first, which moves the traffic."
    }
  }
}

data "kube_objects" "live_namespaces_b" {
  provider = kube.b
  kind     = "Namespace"
  lifecycle {
    postcondition {
      condition     = var.stage < 4 || length(setsubtract(local.members_b, [for n in self.objects : n.metadata.name if lookup(lookup(n.metadata, "labels", {}), "istio.io/rev", "") != ""])) == 0
      error_message = "Stage 4 removes the OSSM 2 federation, but on ${var.mesh_b} ${join(", ", setsubtract(local.members_b, [for n in self.objects : n.metadata.name if lookup(lookup(n.metadata, "labels", {}), "istio.io/rev", "") != ""]))} is still served by OSSM 2 (no istio.io/rev label on the cluster): apply stage 3 first, which moves the traffic."
    }
  }
}

locals {
  live_on_ossm3_a = [
    for n in data.kube_objects.live_namespaces_a.objects : n.metadata.name
    if contains(local.members_a, n.metadata.name) && lookup(lookup(n.metadata, "labels", {}), "istio.io/rev", "") != ""
  ]
  live_on_ossm3_b = [
    for n in data.kube_objects.live_namespaces_b.objects : n.metadata.name
    if contains(local.members_b, n.metadata.name) && lookup(lookup(n.metadata, "labels", {}), "istio.io/rev", "") != ""
  ]
  # Moving traffic back to OSSM 2 (stage 2 or below while OSSM 3 serves it now).
  moving_back = var.stage <= 2 && length(local.live_on_ossm3_a) + length(local.live_on_ossm3_b) > 0
  # Moving traffic to (or keeping it on) OSSM 3.
  on_ossm3_checks = var.stage >= 3 ? 1 : 0
}

# Going back: the federation must be there before traffic returns to it. Read as the peer's
# CA ConfigMap, made before the ServiceMeshPeer and removed with it (a ConfigMap, not the
# peer: a cluster whose operators are still to be installed serves no ServiceMeshPeer kind).
data "kube_objects" "live_config_maps_a" {
  provider  = kube.a
  count     = var.stage <= 2 ? 1 : 0
  kind      = "ConfigMap"
  namespace = local.system_a
  lifecycle {
    postcondition {
      condition     = !local.moving_back || contains([for c in self.objects : c.metadata.name], "${var.mesh_b}-ca-root-cert")
      error_message = "Stage ${var.stage} moves the traffic back to OSSM 2, but ${var.mesh_a} is not federated with ${var.mesh_b} now (no ConfigMap ${local.system_a}/${var.mesh_b}-ca-root-cert, no ServiceMeshPeer): apply stage 3 first, which brings the federation back."
    }
  }
}

data "kube_objects" "live_config_maps_b" {
  provider  = kube.b
  count     = var.stage <= 2 ? 1 : 0
  kind      = "ConfigMap"
  namespace = local.system_b
  lifecycle {
    postcondition {
      condition     = !local.moving_back || contains([for c in self.objects : c.metadata.name], "${var.mesh_a}-ca-root-cert")
      error_message = "Stage ${var.stage} moves the traffic back to OSSM 2, but ${var.mesh_b} is not federated with ${var.mesh_a} now (no ConfigMap ${local.system_b}/${var.mesh_a}-ca-root-cert, no ServiceMeshPeer): apply stage 3 first, which brings the federation back."
    }
  }
}

# Going forward: every imported host has its ServiceEntry and a WorkloadEntry on the peer's
# network, and the peer's east-west gateway is programmed, before traffic moves to OSSM 3.
data "kube_objects" "live_entries_b" {
  provider    = kube.b
  count       = local.on_ossm3_checks
  kind        = "ServiceEntry"
  api_version = "networking.istio.io/v1"
  lifecycle {
    postcondition {
      condition     = length(setsubtract(local.hosts_b, flatten([for s in self.objects : s.spec.hosts]))) == 0
      error_message = "Stage ${var.stage} serves ${var.mesh_b}'s namespaces with OSSM 3, but ${var.mesh_b} has no ServiceEntry yet for ${join(", ", setsubtract(local.hosts_b, flatten([for s in self.objects : s.spec.hosts])))}: apply stage 2 first."
    }
  }
}

data "kube_objects" "live_entries_a" {
  provider    = kube.a
  count       = local.on_ossm3_checks
  kind        = "ServiceEntry"
  api_version = "networking.istio.io/v1"
  lifecycle {
    postcondition {
      condition     = length(setsubtract(local.hosts_a, flatten([for s in self.objects : s.spec.hosts]))) == 0
      error_message = "Stage ${var.stage} serves ${var.mesh_a}'s namespaces with OSSM 3, but ${var.mesh_a} has no ServiceEntry yet for ${join(", ", setsubtract(local.hosts_a, flatten([for s in self.objects : s.spec.hosts])))}: apply stage 2 first."
    }
  }
}

data "kube_objects" "live_workload_entries_b" {
  provider    = kube.b
  count       = local.on_ossm3_checks
  kind        = "WorkloadEntry"
  api_version = "networking.istio.io/v1"
  lifecycle {
    postcondition {
      condition     = length(local.hosts_b) == 0 || length([for w in self.objects : w if lookup(w.spec, "network", "") == "${var.mesh_a}-network"]) > 0
      error_message = "Stage ${var.stage} serves ${var.mesh_b}'s namespaces with OSSM 3, but ${var.mesh_b} has no WorkloadEntry on network ${var.mesh_a}-network yet: apply stage 2 first."
    }
  }
}

data "kube_objects" "live_gateways_a" {
  provider    = kube.a
  count       = local.on_ossm3_checks
  kind        = "Gateway"
  api_version = "gateway.networking.k8s.io/v1"
  namespace   = var.ossm3_namespace
  lifecycle {
    postcondition {
      condition = length(local.hosts_b) == 0 || length([
        for g in self.objects : g if g.spec.gatewayClassName == "istio" && contains([
          for c in lookup(lookup(g, "status", {}), "conditions", []) : c.type if c.status == "True"
        ], "Programmed")
      ]) > 0
      error_message = "Stage ${var.stage} sends ${var.mesh_b}'s imports through ${var.mesh_a}'s east-west gateway, which is not there or not Programmed yet in ${var.ossm3_namespace}: apply stage 2 first."
    }
  }
}
