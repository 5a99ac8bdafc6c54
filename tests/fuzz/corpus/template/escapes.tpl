$${literal} %%{literal} ${ "quoted ${n}" } %{~ if n > 1 ~} strip %{~ endif ~}
${jsonencode(o)}
