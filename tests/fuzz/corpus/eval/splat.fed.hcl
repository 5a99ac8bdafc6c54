o.ports[*] == [for p in t : p][*]
