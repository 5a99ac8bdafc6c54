templatefile("self.tpl", {})
