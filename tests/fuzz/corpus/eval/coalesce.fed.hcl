coalesce(nil, "", s) != one([nil])
