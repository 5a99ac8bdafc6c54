replace(indent(20000, "\n"), "/( |x)*/", "y$1")
