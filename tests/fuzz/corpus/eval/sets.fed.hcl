setunion(set, [4]) == setsubtract(setintersection(set, [1, 2]), [2])
