{for k, v in o : k => v... if k != "x"}
