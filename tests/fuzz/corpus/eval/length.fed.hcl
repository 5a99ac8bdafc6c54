[length(s), length(l), length(m), length(o), length(set), length(utf), length(sm)]
