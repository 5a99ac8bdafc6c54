{for k in keys(m) : k => values(m)}
