merge(m, o.labels, {extra = sec}, sm)
