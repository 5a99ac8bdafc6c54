zipmap(keys(o), values(o))
