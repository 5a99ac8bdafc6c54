resource "kube_object" "peer" {
  for_each = { for k, v in var.meshes : k => v if v.enabled }
  manifest = {
    apiVersion = "networking.istio.io/v1beta1"
    kind       = "ServiceEntry"
    metadata = {
      name      = "peer-${each.key}"
      namespace = kube_object.ns["${each.key}-system"].object.metadata.name
    }
    spec = {
      hosts     = [for h in each.value.hosts : lower(h)]
      ports     = [for p in each.value.ports : { number = p, name = "tcp-${p}", protocol = "TCP" }]
      endpoints = kube_object.gw[*].status.loadBalancer.ingress[0].ip
    }
  }
  dynamic_thing { inner = local.x.0.y }
}
