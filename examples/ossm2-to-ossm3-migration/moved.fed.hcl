# libvirt-two-cluster's state of today (modules/federation) moves in: each of its addresses
# back to where libvirt-federation kept it, from where ossm-migration's own moved blocks (in
# modules/ossm-migration/moved.fed.hcl) take it to this module's addresses, a chain of moves.

moved {
  from = module.federation.module.operators["mesh1"]
  to   = module.federation.module.pair.module.operators_a
}

moved {
  from = module.federation.module.operators["mesh2"]
  to   = module.federation.module.pair.module.operators_b[0]
}

moved {
  from = module.federation.module.control_plane["mesh1"]
  to   = module.federation.module.pair.module.a
}

moved {
  from = module.federation.module.control_plane["mesh2"]
  to   = module.federation.module.pair.module.b
}

moved {
  from = module.federation.module.peering["mesh1->mesh2"]
  to   = module.federation.module.pair.module.a_peers_b
}

moved {
  from = module.federation.module.peering["mesh2->mesh1"]
  to   = module.federation.module.pair.module.b_peers_a
}

moved {
  from = module.federation.firewalld_port.gateway["mesh1->mesh2/service/tcp"]
  to   = module.federation.firewalld_port.gateway["mesh1-service-tcp"]
}

moved {
  from = module.federation.firewalld_port.gateway["mesh1->mesh2/service/udp"]
  to   = module.federation.firewalld_port.gateway["mesh1-service-udp"]
}

moved {
  from = module.federation.firewalld_port.gateway["mesh1->mesh2/discovery/tcp"]
  to   = module.federation.firewalld_port.gateway["mesh1-discovery-tcp"]
}

moved {
  from = module.federation.firewalld_port.gateway["mesh1->mesh2/discovery/udp"]
  to   = module.federation.firewalld_port.gateway["mesh1-discovery-udp"]
}

moved {
  from = module.federation.firewalld_port.gateway["mesh2->mesh1/service/tcp"]
  to   = module.federation.firewalld_port.gateway["mesh2-service-tcp"]
}

moved {
  from = module.federation.firewalld_port.gateway["mesh2->mesh1/service/udp"]
  to   = module.federation.firewalld_port.gateway["mesh2-service-udp"]
}

moved {
  from = module.federation.firewalld_port.gateway["mesh2->mesh1/discovery/tcp"]
  to   = module.federation.firewalld_port.gateway["mesh2-discovery-tcp"]
}

moved {
  from = module.federation.firewalld_port.gateway["mesh2->mesh1/discovery/udp"]
  to   = module.federation.firewalld_port.gateway["mesh2-discovery-udp"]
}
