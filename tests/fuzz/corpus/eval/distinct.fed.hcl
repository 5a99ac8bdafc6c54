compact(sort(distinct(concat(l, l, ["", "z"]))))
