// every expression form, evaluable in an empty scope
a = [1, 2.5, -3e2, true, false, null, "s\t\u00e9\U0001F600 $${x} %%{y}"]
b = { k = 1, "q" = 2, (upper("x")) = 3, n: 4 }
c = [for i, v in range(5) : v * 2 if i % 2 == 0]
d = {for v in ["a", "b", "a"] : v => upper(v)...}
e = [{ x = [1, 2] }, { x = [3] }][*].x[0]
f = [{ y = 1 }].*.y
g = 1 + 2 * 3 - 4 / 2 % 3 >= 2 && !false || 1 == 1 != false
h = length([1, 2]) > 1 ? "yes" : "no"
i = "${join(",", [for s in ["x", "y"] : "<${s}>"])}-%{ if true }t%{ else }f%{ endif }"
j = <<EOT
plain ${1 + 1}
%{ for x in [1, 2] ~}
  item ${x}
%{ endfor ~}
EOT
k = <<-EOT
    indented
      more
    EOT
l = concat([1], [2, 3]...)
m = { a = { b = [0, { c = "deep" }] } }.a.b.1.c
n = jsonencode({ a = [1, "2"] })
o = jsondecode("{\"a\": [1, 2]}")
p = merge({ a = 1 }, { b = 2 })["b"]
q = (1 + 2) * 3
