format("%-8s|%05d|%.2f|%q|%v|%t|%x", s, n, f, s, o, b, n)
