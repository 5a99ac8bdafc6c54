substr(utf, 1, 4) == substr(s, -3, -1)
