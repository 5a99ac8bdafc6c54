# Every cluster of the inventory federated with every other: one kube provider configuration
# per cluster, the operators and a control plane on each, and a peering per ordered pair.

locals {
  # What each platform means for the ingress gateways and the way peers reach them.
  platforms = {
    libvirt           = { service_type = "NodePort", address_mode = "node_port", firewall = true, zone = "libvirt", protocols = ["tcp", "udp"] }
    bare_metal        = { service_type = "NodePort", address_mode = "node_port", firewall = true, zone = "public", protocols = ["tcp"] }
    node_port         = { service_type = "NodePort", address_mode = "node_port", firewall = false, zone = null, protocols = [] }
    openstack_lb      = { service_type = "LoadBalancer", address_mode = "load_balancer", firewall = false, zone = null, protocols = [] }
    openstack_octavia = { service_type = "NodePort", address_mode = "node_port", firewall = false, zone = null, protocols = [] }
    metallb           = { service_type = "LoadBalancer", address_mode = "load_balancer", firewall = false, zone = null, protocols = [] }
    cloud_lb          = { service_type = "LoadBalancer", address_mode = "load_balancer", firewall = false, zone = null, protocols = [] }
    external          = { service_type = "NodePort", address_mode = "node_port", firewall = false, zone = null, protocols = [] }
  }
  # The annotations of the ingress gateway Services when the inventory gives none: a cloud's
  # load balancer as an AWS NLB (ossm-control-plane's default), nothing elsewhere.
  default_annotations = {
    cloud_lb = { "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb" }
  }

  # The clusters that are federated now; a decommissioned one (present = false) keeps only
  # its provider configurations, so that its objects can be deleted.
  members = { for k, c in var.clusters : k => c if c.present }
  on_nodes = {
    for k, c in local.members : k => (
      local.platforms[c.platform].address_mode == "node_port" || c.network.load_balancer_fallback == "node_port"
    )
  }
  names = sort(keys(local.members))
  peers = { for k in local.names : k => [for p in local.names : p if p != k] }

  # Every ordered pair "a->b": on mesh a, mesh b as a peer. Also the name of mesh a's gateway
  # (and of what is in front of it) for peer b.
  pairs = {
    for p in flatten([
      for a in local.names : [for b in local.names : { local = a, remote = b } if a != b]
    ]) : "${p.local}->${p.remote}" => p
  }

  # What mesh a exports to mesh b, and what it imports from b (the pair's direction a->b).
  exports = {
    for key, p in local.pairs : key => [
      for e in local.members[p.local].exports : {
        namespace       = e.namespace
        name            = e.name
        alias_namespace = e.alias_namespace
        alias_name      = e.alias_name
      } if e.to == null || contains(coalesce(e.to, []), p.remote)
    ]
  }
  imports = {
    for key, p in local.pairs : key => [
      for i in local.members[p.local].imports : {
        namespace       = i.namespace
        name            = i.name
        alias_namespace = i.alias_namespace
        import_as_local = i.import_as_local
      } if i.from == p.remote
    ]
  }
}

# One configuration per cluster of the inventory, decommissioned ones included.
provider "kube" "cluster" {
  for_each   = var.clusters # an entry goes only after an apply with present = false
  kubeconfig = each.value.kubeconfig
  context    = each.value.context
}

# The Service Mesh, Kiali and Jaeger operators: installed through OLM with install_operators,
# else checked for, so a missing one fails the plan naming the cluster.
module "operators" {
  source          = "../ossm-operators"
  for_each        = local.members
  providers       = { kube = kube.cluster[each.key] }
  install         = each.value.install_operators
  cluster         = each.key
  install_setting = "install_operators = true on clusters.${each.key} of the federation module"
  timeout         = var.operators_timeout
}

module "control_plane" {
  source               = "../ossm-control-plane"
  for_each             = local.members
  providers            = { kube = kube.cluster[each.key] }
  mesh                 = each.key
  peers                = local.peers[each.key]
  control_plane_name   = each.value.control_plane_name
  trust_domain         = each.value.trust_domain
  member_namespaces    = each.value.member_namespaces
  ingress_service_type = local.platforms[each.value.platform].service_type
  ingress_annotations  = each.value.network.annotations != null ? each.value.network.annotations : lookup(local.default_annotations, each.value.platform, {})
  address_mode         = local.platforms[each.value.platform].address_mode
  # The node address (given, a Route's host, or the first node's) serves NodePort platforms,
  # and LoadBalancer platforms only when their fallback to the NodePorts is asked for.
  address                = local.on_nodes[each.key] ? each.value.network.address : null
  route                  = local.on_nodes[each.key] ? each.value.network.route : null
  load_balancer_timeout  = coalesce(each.value.network.load_balancer_timeout, "5m")
  load_balancer_fallback = coalesce(each.value.network.load_balancer_fallback, "none")
  ready_timeout          = var.ready_timeout
  depends_on             = [module.operators]
}

# On mesh a, mesh b as a peer: b's CA, the ServiceMeshPeer at b's gateway for a (as the
# platform front decides, see fronts.fed.hcl), and a's export and import sets for b.
module "peering" {
  source         = "../mesh-peering"
  for_each       = local.pairs
  providers      = { kube = kube.cluster[each.value.local] }
  local_mesh     = module.control_plane[each.value.local]
  remote_mesh    = merge(module.control_plane[each.value.remote], local.endpoints["${each.value.remote}->${each.value.local}"])
  exports        = local.exports[each.key]
  imports        = local.imports[each.key]
  remote_exports = local.exports["${each.value.remote}->${each.value.local}"]
}
