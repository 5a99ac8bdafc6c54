lookup(m, "k1", "d") == lookup(o.labels, "app", null)
