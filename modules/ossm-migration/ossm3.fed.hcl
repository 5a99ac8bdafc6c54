# The OSSM 3 half: Sail control planes beside OSSM 2 (stage 1), then east-west gateways and
# manual discovery for every service OSSM 2 imports, under the same host (stage 2).

locals {
  ossm3     = var.stage >= 1
  discovery = var.stage >= 2
  # ossm-control-plane's trust domains (MESH.local): workload identities do not change.
  trust_domain_a = "${var.mesh_a}.local"
  trust_domain_b = "${var.mesh_b}.local"
  # One name for the east-west Gateway, given to both modules (discovery reads it from here,
  # not from the gateway module's output: that reference made the engine replan the gateway's
  # firewall opening as unknown on every plan).
  east_west_name = "eastwestgateway"

  # OSSM 2's import rules resolved against the peer's export rules, one record per service in
  # ossm3-manual-discovery's shape. The alias is the importer's, so the ServiceEntry's host is
  # the name OSSM 2 gave the service on the importing side, and clients keep using it.
  services_b_imports = flatten([
    for i in var.imports_b : [
      for e in var.exports_a : {
        namespace       = e.namespace
        name            = e.name
        ports           = lookup(var.service_ports, "${e.namespace}/${e.name}", [])
        alias_namespace = coalesce(i.alias_namespace, i.namespace)
        alias_name      = coalesce(e.alias_name, e.name)
        import_as_local = i.import_as_local
      } if coalesce(e.alias_namespace, e.namespace) == i.namespace && (i.name == null || i.name == coalesce(e.alias_name, e.name))
    ]
  ])
  services_a_imports = flatten([
    for i in var.imports_a : [
      for e in var.exports_b : {
        namespace       = e.namespace
        name            = e.name
        ports           = lookup(var.service_ports, "${e.namespace}/${e.name}", [])
        alias_namespace = coalesce(i.alias_namespace, i.namespace)
        alias_name      = coalesce(e.alias_name, e.name)
        import_as_local = i.import_as_local
      } if coalesce(e.alias_namespace, e.namespace) == i.namespace && (i.name == null || i.name == coalesce(e.alias_name, e.name))
    ]
  ])
  # The hosts each side imports: OSSM 2's imported names.
  hosts_b = [for s in local.services_b_imports : "${s.alias_name}.${s.alias_namespace}.svc.${s.import_as_local ? "cluster" : "${var.mesh_a}-imports"}.local"]
  hosts_a = [for s in local.services_a_imports : "${s.alias_name}.${s.alias_namespace}.svc.${s.import_as_local ? "cluster" : "${var.mesh_b}-imports"}.local"]

  # Stage 3: the label that hands a namespace to OSSM 3's injector and takes it from OSSM 2's.
  ossm3_labels_a = local.ossm3 ? { "istio.io/rev" = module.ossm3_a[0].revision, "maistra.io/ignore-namespace" = "true" } : {}
  ossm3_labels_b = local.ossm3 ? { "istio.io/rev" = module.ossm3_b[0].revision, "maistra.io/ignore-namespace" = "true" } : {}
}

# A root of its own per mesh (as OSSM 2's meshes had), the same trust domain as OSSM 2's, and
# the peer's trust domain as an alias with its root trusted.
module "ossm3_a" {
  source               = "../ossm3-control-plane"
  count                = local.ossm3 ? 1 : 0
  providers            = { kube = kube.a }
  mesh                 = var.mesh_a
  namespace            = var.ossm3_namespace
  revision             = var.ossm3_revision
  trust_domain         = local.trust_domain_a
  trust_domain_aliases = [local.trust_domain_b]
  cni                  = var.cni
  cacerts              = {}
  extra_root_certs     = [module.ossm3_b[0].cacerts_root]
  ready_timeout        = var.ready_timeout
}

module "ossm3_b" {
  source               = "../ossm3-control-plane"
  count                = local.ossm3 ? 1 : 0
  providers            = { kube = kube.b }
  mesh                 = var.mesh_b
  namespace            = var.ossm3_namespace
  revision             = var.ossm3_revision
  trust_domain         = local.trust_domain_b
  trust_domain_aliases = [local.trust_domain_a]
  cni                  = var.cni
  cacerts              = {}
  extra_root_certs     = [module.ossm3_a[0].cacerts_root]
  ready_timeout        = var.ready_timeout
}

# East-west gateways: NodePort, opened in the hypervisor's firewall like the federation's.
module "east_west_a" {
  source                = "../ossm3-east-west-gateway"
  count                 = local.discovery ? 1 : 0
  providers             = { kube = kube.a, firewalld = firewalld }
  mesh                  = module.ossm3_a[0]
  name                  = local.east_west_name
  service_type          = "NodePort"
  platform              = "firewalld"
  address               = var.address_a
  firewall_zone         = var.firewall_zone
  firewall_runtime_only = var.firewall_runtime_only
  ready_timeout         = var.ready_timeout
}

module "east_west_b" {
  source                = "../ossm3-east-west-gateway"
  count                 = local.discovery ? 1 : 0
  providers             = { kube = kube.b, firewalld = firewalld }
  mesh                  = module.ossm3_b[0]
  name                  = local.east_west_name
  service_type          = "NodePort"
  platform              = "firewalld"
  address               = var.address_b
  firewall_zone         = var.firewall_zone
  firewall_runtime_only = var.firewall_runtime_only
  ready_timeout         = var.ready_timeout
}

# On mesh a: the services b imports, exported behind a's gateway; a's imports from b.
module "discovery_a" {
  source          = "../ossm3-manual-discovery"
  count           = local.discovery ? 1 : 0
  providers       = { kube = kube.a }
  local_mesh      = module.ossm3_a[0]
  remote_mesh     = module.ossm3_b[0]
  remote_endpoint = module.east_west_b[0].endpoint
  gateway_name    = local.east_west_name
  exports         = local.services_b_imports
  imports         = local.services_a_imports
  remote_exports  = local.services_a_imports
}

module "discovery_b" {
  source          = "../ossm3-manual-discovery"
  count           = local.discovery ? 1 : 0
  providers       = { kube = kube.b }
  local_mesh      = module.ossm3_b[0]
  remote_mesh     = module.ossm3_a[0]
  remote_endpoint = module.east_west_a[0].endpoint
  gateway_name    = local.east_west_name
  exports         = local.services_a_imports
  imports         = local.services_b_imports
  remote_exports  = local.services_b_imports
}
