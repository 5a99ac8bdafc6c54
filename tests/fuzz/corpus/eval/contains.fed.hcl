contains(l, "a") ? element(l, 7) : slice(l, 0, 2)
