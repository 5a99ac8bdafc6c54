indent(4, "a\nb\n${join("\n", l)}")
