"${s} %{ if b }yes%{ else }no%{ endif } %{ for x in l }${x},%{ endfor }"
