Hello ${s}!
%{ for k, v in m ~}
  ${k} = ${upper(v)}
%{ endfor ~}
%{ if b }ports: ${join(", ", o.ports)}%{ else }none%{ endif }
${templatefile("t.tpl", {name = "x", items = l})}
