apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
%{ for k, v in data ~}
  ${k}: "${v}"
%{ endfor ~}
%{~ if enabled }
  enabled: "true"
%{ else }
  enabled: "false"
%{ endif ~}
literal: $${not_interpolated}
