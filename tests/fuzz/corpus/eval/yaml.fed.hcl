yamldecodeall(yaml)[0].a + length(yamldecode(yamlencode(t)))
