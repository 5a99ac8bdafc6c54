# Where an apply of this example's earlier version (bare-metal-federation over federation-pair)
# left each object, and where the federation module keeps it: the plan moves, nothing is remade.

moved {
  from = module.federation.module.pair.module.operators_a
  to   = module.federation.module.operators["mesh1"]
}

moved {
  from = module.federation.module.pair.module.operators_b[0]
  to   = module.federation.module.operators["mesh2"]
}

moved {
  from = module.federation.module.pair.module.a
  to   = module.federation.module.control_plane["mesh1"]
}

moved {
  from = module.federation.module.pair.module.b
  to   = module.federation.module.control_plane["mesh2"]
}

moved {
  from = module.federation.module.pair.module.a_peers_b
  to   = module.federation.module.peering["mesh1->mesh2"]
}

moved {
  from = module.federation.module.pair.module.b_peers_a
  to   = module.federation.module.peering["mesh2->mesh1"]
}

# The openings on the node hosts: one per mesh, gateway port and protocol (tcp, and udp when
# firewall_protocols asked for it), now keyed by the gateway (mesh1's for peer mesh2).
moved {
  from = module.federation.firewalld_port.a["mesh1-service-tcp"]
  to   = module.federation.firewalld_port.gateway["mesh1->mesh2/service/tcp"]
}

moved {
  from = module.federation.firewalld_port.a["mesh1-service-udp"]
  to   = module.federation.firewalld_port.gateway["mesh1->mesh2/service/udp"]
}

moved {
  from = module.federation.firewalld_port.a["mesh1-discovery-tcp"]
  to   = module.federation.firewalld_port.gateway["mesh1->mesh2/discovery/tcp"]
}

moved {
  from = module.federation.firewalld_port.a["mesh1-discovery-udp"]
  to   = module.federation.firewalld_port.gateway["mesh1->mesh2/discovery/udp"]
}

moved {
  from = module.federation.firewalld_port.b["mesh2-service-tcp"]
  to   = module.federation.firewalld_port.gateway["mesh2->mesh1/service/tcp"]
}

moved {
  from = module.federation.firewalld_port.b["mesh2-service-udp"]
  to   = module.federation.firewalld_port.gateway["mesh2->mesh1/service/udp"]
}

moved {
  from = module.federation.firewalld_port.b["mesh2-discovery-tcp"]
  to   = module.federation.firewalld_port.gateway["mesh2->mesh1/discovery/tcp"]
}

moved {
  from = module.federation.firewalld_port.b["mesh2-discovery-udp"]
  to   = module.federation.firewalld_port.gateway["mesh2->mesh1/discovery/udp"]
}
