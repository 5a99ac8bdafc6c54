substr(trimspace(format("%-50s|%.3s", s, utf)), -4, 1e18)
