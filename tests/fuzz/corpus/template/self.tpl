${templatefile("fuzz.tpl", {})}
