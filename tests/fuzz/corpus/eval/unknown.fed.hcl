length(ul) + length(u) == join(",", ul)
