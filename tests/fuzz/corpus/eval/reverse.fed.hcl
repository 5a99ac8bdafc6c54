reverse(concat(l, reverse(t)))
