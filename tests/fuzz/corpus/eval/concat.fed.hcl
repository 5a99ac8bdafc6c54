concat(l, t, [for x in set : x * 2], ul)
