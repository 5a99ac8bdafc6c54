replace(s, "/w(or)ld/", "$1") == replace(s, "o", "0")
