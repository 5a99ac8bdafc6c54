join(",", split(" ", upper(lower(trimspace("  ${s}  ")))))
