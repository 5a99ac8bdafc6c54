# Inputs of the federation module: an inventory of clusters (one mesh each) on any mix of
# platforms, with the checks that stop a plan before anything is made when it does not hold.

variable "clusters" {
  type = map(object({
    # How fedplan reaches the cluster's API server (the kube provider's settings). A proxy
    # comes from the kubeconfig's proxy-url or the HTTPS_PROXY/NO_PROXY environment.
    kubeconfig = optional(string)
    context    = optional(string)
    # libvirt, bare_metal, node_port, openstack_lb, openstack_octavia, metallb, cloud_lb or
    # external.
    platform = string
    # false: decommission. Its control plane, platform front and every peering to or from it
    # are deleted, but the provider configuration stays so that fedplan can delete them.
    present            = optional(bool, true)
    install_operators  = optional(bool, false)
    control_plane_name = optional(string)
    trust_domain       = optional(string)
    member_namespaces  = optional(list(string))
    exports = optional(list(object({
      namespace       = string
      name            = string
      alias_namespace = optional(string)
      alias_name      = optional(string)
      to              = optional(list(string))
    })), [])
    imports = optional(list(object({
      from            = string
      namespace       = string
      name            = optional(string)
      alias_namespace = optional(string)
      import_as_local = optional(bool, false)
    })), [])
    network = optional(object({
      address                = optional(string)
      nat_ports              = optional(map(object({ service_port = number, discovery_port = number })))
      route                  = optional(object({ namespace = string, name = string }))
      load_balancer_timeout  = optional(string)
      load_balancer_fallback = optional(string)
      annotations            = optional(map(string))
      firewall = optional(object({
        transport     = optional(string, "local")
        hosts         = optional(list(string))
        user          = optional(string)
        port          = optional(number)
        identity_file = optional(string)
        known_hosts   = optional(string)
        ssh_command   = optional(string)
        sudo          = optional(bool)
        firewall_cmd  = optional(string)
        zone          = optional(string)
        protocols     = optional(list(string))
        runtime_only  = optional(bool, false)
        max_parallel  = optional(number)
      }))
      openstack = optional(object({
        cloud                 = optional(string)
        confirm_load_balancer = optional(bool, false)
        cluster_name          = optional(string, "kubernetes")
        load_balancer_name    = optional(string)
        vip_subnet_id         = optional(string)
        vip_network_id        = optional(string)
        vip_address           = optional(string)
        member_subnet_id      = optional(string)
        flavor_id             = optional(string)
        floating_ip           = optional(string)
        allowed_cidrs         = optional(list(string))
        nodes                 = optional(list(string))
        health_monitor        = optional(bool, true)
        floating_ip_lookup    = optional(bool, false)
      }))
    }), {})
  }))
  description = "The inventory: one entry per cluster, keyed by the name of its mesh (mesh1). See README.md for every field."

  validation {
    condition     = length(var.clusters) <= 10
    error_message = "The inventory has ${length(var.clusters)} clusters (${join(", ", sort(keys(var.clusters)))}); a federation holds at most 10 (each mesh has a gateway pair per peer)."
  }
  validation {
    condition     = alltrue([for k, c in var.clusters : contains(["libvirt", "bare_metal", "node_port", "openstack_lb", "openstack_octavia", "metallb", "cloud_lb", "external"], c.platform)])
    error_message = "Unknown platform: ${join("; ", [for k, c in var.clusters : "clusters.${k}.platform is \"${c.platform}\"" if !contains(["libvirt", "bare_metal", "node_port", "openstack_lb", "openstack_octavia", "metallb", "cloud_lb", "external"], c.platform)])}. Use libvirt, bare_metal, node_port, openstack_lb, openstack_octavia, metallb, cloud_lb or external."
  }
  validation {
    condition     = alltrue([for k, c in var.clusters : c.kubeconfig != null || c.context != null])
    error_message = "${join("; ", [for k, c in var.clusters : "clusters.${k}" if c.kubeconfig == null && c.context == null])}: set kubeconfig (a file, or a:b:c as KUBECONFIG) and/or context."
  }
  validation {
    condition     = alltrue([for k, c in var.clusters : c.platform != "external" || (c.network.address != null && c.network.address != "")])
    error_message = "${join("; ", [for k, c in var.clusters : "clusters.${k}.network.address" if c.platform == "external" && (c.network.address == null || c.network.address == "")])}: platform \"external\" needs the address (IP or DNS name) its peers reach it by."
  }
  validation {
    condition     = alltrue([for k, c in var.clusters : c.platform != "bare_metal" || (c.network.firewall != null && length(coalesce(try(c.network.firewall.hosts, null), [])) > 0)])
    error_message = "${join("; ", [for k, c in var.clusters : "clusters.${k}.network.firewall.hosts" if c.platform == "bare_metal" && (c.network.firewall == null || length(coalesce(try(c.network.firewall.hosts, null), [])) == 0)])}: platform \"bare_metal\" opens the NodePorts on every node host over ssh; list one host per node."
  }
  validation {
    condition     = alltrue([for k, c in var.clusters : !contains(["libvirt", "bare_metal"], c.platform) || c.network.firewall == null || contains(["local", "ssh"], c.network.firewall.transport)])
    error_message = "${join("; ", [for k, c in var.clusters : "clusters.${k}.network.firewall.transport is \"${c.network.firewall.transport}\"" if contains(["libvirt", "bare_metal"], c.platform) && c.network.firewall != null && !contains(["local", "ssh"], try(c.network.firewall.transport, "local"))])}: use \"local\" or \"ssh\"."
  }
  validation {
    condition     = alltrue([for k, c in var.clusters : c.platform != "openstack_octavia" || (c.network.openstack != null && (try(c.network.openstack.vip_subnet_id, null) != null || try(c.network.openstack.vip_network_id, null) != null) && length(coalesce(try(c.network.openstack.nodes, null), [])) > 0)])
    error_message = "${join("; ", [for k, c in var.clusters : "clusters.${k}.network.openstack" if c.platform == "openstack_octavia" && (c.network.openstack == null || (try(c.network.openstack.vip_subnet_id, null) == null && try(c.network.openstack.vip_network_id, null) == null) || length(coalesce(try(c.network.openstack.nodes, null), [])) == 0)])}: platform \"openstack_octavia\" needs vip_subnet_id (or vip_network_id) and nodes (the node names behind the load balancer)."
  }
  validation {
    condition     = length(var.clusters) <= 2 || alltrue([for k, c in var.clusters : try(c.network.openstack.vip_address, null) == null && try(c.network.openstack.floating_ip, null) == null])
    error_message = "${join("; ", [for k, c in var.clusters : "clusters.${k}.network.openstack" if try(c.network.openstack.vip_address, null) != null || try(c.network.openstack.floating_ip, null) != null])}: vip_address and floating_ip name one load balancer's address, and with ${length(var.clusters)} clusters each cluster has a load balancer per peer; leave them unset (each gets its own VIP; floating_ip_lookup finds floating IPs)."
  }
  validation {
    condition     = alltrue(flatten([for k, c in var.clusters : [for i in c.imports : contains(keys(var.clusters), i.from) && i.from != k]]))
    error_message = "${join("; ", flatten([for k, c in var.clusters : [for n, i in c.imports : "clusters.${k}.imports[${n}].from is \"${i.from}\"" if !contains(keys(var.clusters), i.from) || i.from == k]]))}: an import names another cluster of the inventory (${join(", ", sort(keys(var.clusters)))})."
  }
  validation {
    condition     = alltrue(flatten([for k, c in var.clusters : [for e in c.exports : [for t in coalesce(e.to, []) : contains(keys(var.clusters), t) && t != k]]]))
    error_message = "${join("; ", flatten([for k, c in var.clusters : [for n, e in c.exports : "clusters.${k}.exports[${n}].to names ${join(", ", [for t in coalesce(e.to, []) : "\"${t}\"" if !contains(keys(var.clusters), t) || t == k])}" if length([for t in coalesce(e.to, []) : t if !contains(keys(var.clusters), t) || t == k]) > 0]]))}: exports go to other clusters of the inventory (${join(", ", sort(keys(var.clusters)))})."
  }
  validation {
    condition     = alltrue(flatten([for k, c in var.clusters : [for p, n in coalesce(c.network.nat_ports, {}) : contains(keys(var.clusters), p) && p != k]]))
    error_message = "${join("; ", flatten([for k, c in var.clusters : [for p, n in coalesce(c.network.nat_ports, {}) : "clusters.${k}.network.nat_ports[\"${p}\"]" if !contains(keys(var.clusters), p) || p == k]]))}: nat_ports are keyed by the peer (another cluster of the inventory) whose gateway they translate to."
  }
  validation {
    condition     = alltrue([for k, c in var.clusters : c.network.load_balancer_fallback == null || contains(["none", "node_port"], c.network.load_balancer_fallback)])
    error_message = "${join("; ", [for k, c in var.clusters : "clusters.${k}.network.load_balancer_fallback is \"${c.network.load_balancer_fallback}\"" if c.network.load_balancer_fallback != null && !contains(["none", "node_port"], try(c.network.load_balancer_fallback, "none"))])}: use \"none\" or \"node_port\"."
  }
}

variable "ready_timeout" {
  type        = string
  default     = "300s"
  description = "How long to wait for each control plane and member roll to be Ready."
}

variable "operators_timeout" {
  type        = string
  default     = "600s"
  description = "With a cluster's install_operators: how long each operator's Subscription, CSV and CRDs may take."
}
