templatefile("t.tpl", {name = s, items = l})
