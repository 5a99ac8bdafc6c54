o["labels"]["app"] == m[l[0] == "a" ? "k1" : "k2"]
