file("a.txt") == file("bin")
