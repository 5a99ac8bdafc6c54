env("HOME", "none") == env("UNSET")
