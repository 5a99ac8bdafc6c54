%{ for x in range(3) }%{ for y in l }${x}${y} %{ endfor }%{ endfor }
