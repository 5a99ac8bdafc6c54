# A libvirt-federation state moves in: called at the same address (module "federation" in
# examples/libvirt-two-cluster), its objects take this module's addresses without a change.

moved {
  from = module.pair.module.operators_a
  to   = module.operators_a
}

moved {
  from = module.pair.module.operators_b[0]
  to   = module.operators_b
}

moved {
  from = module.pair.module.a
  to   = module.mesh_a
}

moved {
  from = module.pair.module.b
  to   = module.mesh_b
}

moved {
  from = module.pair.module.a_peers_b
  to   = module.a_peers_b[0]
}

moved {
  from = module.pair.module.b_peers_a
  to   = module.b_peers_a[0]
}
