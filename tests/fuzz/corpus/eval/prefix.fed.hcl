startswith(s, "he") && endswith(s, "ld") || !startswith(us, "x")
