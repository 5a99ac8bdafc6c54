[range(5), range(1, 10, 3), range(3, 0, -1)]
