# What manual discovery made: the hosts this mesh exports, and the hosts it imports from the
# peer with the gateway address and port they resolve to.

output "exported_hosts" {
  value = sort([for e in local.export_list : e.host])
}

output "imports" {
  description = "Per imported host: the ServiceEntry's namespace/name and the peer gateway it resolves to."
  value = {
    for k, i in local.imports : i.host => {
      entry   = "${i.entry_ns}/${i.entry_obj}"
      address = kube_object.import_workload[k].manifest.spec.address
      port    = kube_object.remote_gateway[0].manifest.spec.listeners[0].port
      network = kube_object.import_workload[k].manifest.spec.network
    }
  }
}
