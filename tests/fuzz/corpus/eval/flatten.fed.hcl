flatten([l, [t, [[m]]], []])
