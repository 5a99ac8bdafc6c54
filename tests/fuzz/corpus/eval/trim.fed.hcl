[trim("xxhixx", "x"), trimprefix(s, "hel"), trimsuffix(s, "ld"), chomp("a\n")]
