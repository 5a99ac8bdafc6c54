# What each platform puts in front of a mesh's gateways and where its peers reach them:
# firewalld openings (libvirt, bare metal), Octavia load balancers, or the Service's own.

locals {
  # The clusters that get a firewalld or OpenStack provider configuration: those whose platform
  # uses one, and those that still give its settings (a cluster moved to another platform keeps
  # them until the apply closed its openings or deleted its load balancers).
  firewalled = { for k, c in var.clusters : k => c if local.platforms[c.platform].firewall || c.network.firewall != null }
  openstack  = { for k, c in var.clusters : k => c if contains(["openstack_lb", "openstack_octavia"], c.platform) || c.network.openstack != null }

  # One opening per gateway (mesh a's for peer b), gateway port and protocol, on the firewall
  # host(s) of mesh a's cluster. Keys are known when planning; the NodePorts once the control
  # plane made its gateway Services.
  openings = {
    for o in flatten([
      for key, p in local.pairs : [
        for kind in ["service", "discovery"] : [
          for proto in coalesce(try(local.members[p.local].network.firewall.protocols, null), local.platforms[local.members[p.local].platform].protocols) : {
            key      = "${key}/${kind}/${proto}"
            cluster  = p.local
            zone     = coalesce(try(local.members[p.local].network.firewall.zone, null), local.platforms[local.members[p.local].platform].zone)
            port     = module.control_plane[p.local].node_ports[p.remote][kind]
            protocol = proto
            runtime  = try(local.members[p.local].network.firewall.runtime_only, false)
          }
        ]
      ] if local.platforms[local.members[p.local].platform].firewall
    ]) : o.key => o
  }

  octavia_gateways   = { for key, p in local.pairs : key => p if local.members[p.local].platform == "openstack_octavia" }
  confirmed_gateways = { for key, p in local.pairs : key => p if local.members[p.local].platform == "openstack_lb" && try(local.members[p.local].network.openstack.confirm_load_balancer, false) }

  # Where peer b reaches mesh a's gateway for it (key "a->b"), before NAT: the Octavia load
  # balancer, the cloud provider's load balancer as Octavia reports it, MetalLB's address
  # (never a node: nothing opens the NodePorts), else ossm-control-plane's rule.
  reached = {
    for key, p in local.pairs : key => (
      contains(keys(local.octavia_gateways), key) ? module.octavia[key].endpoint : (
        contains(keys(local.confirmed_gateways), key) ? module.service_load_balancer[key].endpoint : (
          local.members[p.local].platform == "metallb" ? {
            address        = module.control_plane[p.local].ingress_services[p.remote].load_balancer_address
            service_port   = module.control_plane[p.local].ingress_services[p.remote].service_port
            discovery_port = module.control_plane[p.local].ingress_services[p.remote].discovery_port
          } : module.control_plane[p.local].endpoints[p.remote]
        )
      )
    )
  }
  # NAT'ed ports: a router between the peer and the gateway maps other ports to it.
  endpoints = {
    for key, p in local.pairs : key => {
      address        = local.reached[key].address
      service_port   = try(local.members[p.local].network.nat_ports[p.remote].service_port, null) != null ? local.members[p.local].network.nat_ports[p.remote].service_port : local.reached[key].service_port
      discovery_port = try(local.members[p.local].network.nat_ports[p.remote].discovery_port, null) != null ? local.members[p.local].network.nat_ports[p.remote].discovery_port : local.reached[key].discovery_port
    }
  }
}

# The firewall of each libvirt or bare-metal cluster: its hypervisor (local or one ssh host) or
# every node host over ssh. Decommissioned clusters keep theirs, to close what was opened.
provider "firewalld" "cluster" {
  for_each      = local.firewalled
  transport     = try(each.value.network.firewall.transport, "local")
  hosts         = try(each.value.network.firewall.hosts, null)
  user          = try(each.value.network.firewall.user, null)
  port          = try(each.value.network.firewall.port, null)
  identity_file = try(each.value.network.firewall.identity_file, null)
  known_hosts   = try(each.value.network.firewall.known_hosts, null)
  ssh_command   = try(each.value.network.firewall.ssh_command, null)
  sudo          = try(each.value.network.firewall.sudo, null)
  firewall_cmd  = try(each.value.network.firewall.firewall_cmd, null)
  # null: the provider's own default (4 firewall-cmd at a time); the walk holds the openings
  # to that, so they never take every worker from the clusters' steps.
  max_parallel = try(each.value.network.firewall.max_parallel, null)
}

# Credentials: the named clouds.yaml entry, else the OS_* environment.
provider "openstack_lb" "cluster" {
  for_each = local.openstack
  cloud    = try(each.value.network.openstack.cloud, null)
}

# The seed's `firewall-cmd --add-port`, recorded: destroy (or present = false) closes exactly
# these, and a new peer opens only its own gateway's ports.
resource "firewalld_port" "gateway" {
  provider     = firewalld.cluster[each.value.cluster]
  for_each     = local.openings
  zone         = each.value.zone
  port         = each.value.port
  protocol     = each.value.protocol
  runtime_only = each.value.runtime
}

# openstack_octavia: an Octavia load balancer in front of each gateway's NodePorts.
module "octavia" {
  source     = "../openstack-federation/octavia-gateway"
  for_each   = local.octavia_gateways
  providers  = { kube = kube.cluster[each.value.local], openstack_lb = openstack_lb.cluster[each.value.local] }
  mesh       = each.value.local
  node_ports = module.control_plane[each.value.local].node_ports[each.value.remote]
  settings = {
    load_balancer_name = "${coalesce(local.members[each.value.local].network.openstack.load_balancer_name, "${each.value.local}-federation")}-${each.value.remote}"
    vip_subnet_id      = local.members[each.value.local].network.openstack.vip_subnet_id
    vip_network_id     = local.members[each.value.local].network.openstack.vip_network_id
    vip_address        = local.members[each.value.local].network.openstack.vip_address
    member_subnet_id   = local.members[each.value.local].network.openstack.member_subnet_id
    flavor_id          = local.members[each.value.local].network.openstack.flavor_id
    floating_ip        = local.members[each.value.local].network.openstack.floating_ip
    allowed_cidrs      = local.members[each.value.local].network.openstack.allowed_cidrs
    nodes              = local.members[each.value.local].network.openstack.nodes
  }
  health_monitor     = local.members[each.value.local].network.openstack.health_monitor
  floating_ip_lookup = local.members[each.value.local].network.openstack.floating_ip_lookup
}

# openstack_lb with confirm_load_balancer: the load balancer the cloud provider made for each
# LoadBalancer gateway, looked up in Octavia and waited for.
module "service_load_balancer" {
  source             = "../openstack-federation/service-load-balancer"
  for_each           = local.confirmed_gateways
  providers          = { openstack_lb = openstack_lb.cluster[each.value.local] }
  service            = module.control_plane[each.value.local].ingress_services[each.value.remote]
  cluster_name       = local.members[each.value.local].network.openstack.cluster_name
  load_balancer_name = local.members[each.value.local].network.openstack.load_balancer_name
  timeout            = coalesce(local.members[each.value.local].network.load_balancer_timeout, "5m")
}

# bare_metal: every node serves the NodePorts, so each needs its firewall host. The nodes are
# read when planning; a count that differs from the hosts stops the plan.
data "kube_objects" "bare_metal_nodes" {
  for_each = { for k, c in local.members : k => c if c.platform == "bare_metal" }
  provider = kube.cluster[each.key]
  kind     = "Node"
  lifecycle {
    postcondition {
      condition     = length(self.objects) == length(each.value.network.firewall.hosts)
      error_message = "clusters.${each.key}.network.firewall.hosts lists ${length(each.value.network.firewall.hosts)} host(s) (${join(", ", each.value.network.firewall.hosts)}) for the ${length(self.objects)} node(s) of cluster ${each.key} (${join(", ", [for n in self.objects : n.metadata.name])}). Every node serves the NodePorts: list one ssh host per node."
    }
  }
}
