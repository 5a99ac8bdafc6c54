[tostring(n), tonumber("12.5"), tobool("true"), tolist(set), toset(l), tomap(o.labels)]
