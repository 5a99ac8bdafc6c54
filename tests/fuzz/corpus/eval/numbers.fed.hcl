max(n, f, 3) - min(abs(f), ceil(f), floor(f)) + pow(2, 10) % 7 / 3
