u ? us : n > 1 ? "big" : "small"
