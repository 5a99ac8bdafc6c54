# Where an apply of this example's earlier version (openstack-federation over federation-pair)
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

# What is in front of each gateway: the Octavia load balancers (mode octavia; renamed in place
# from MESH-federation to MESH-federation-PEER) or the cloud provider's, looked up.
moved {
  from = module.federation.module.gateway_a[0]
  to   = module.federation.module.octavia["mesh1->mesh2"]
}

moved {
  from = module.federation.module.gateway_b[0]
  to   = module.federation.module.octavia["mesh2->mesh1"]
}

moved {
  from = module.federation.module.service_lb_a[0]
  to   = module.federation.module.service_load_balancer["mesh1->mesh2"]
}

moved {
  from = module.federation.module.service_lb_b[0]
  to   = module.federation.module.service_load_balancer["mesh2->mesh1"]
}
