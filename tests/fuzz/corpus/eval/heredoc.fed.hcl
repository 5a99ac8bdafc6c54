<<-EOT
  ${s}
    %{~ for k, v in m ~}
  ${k}=${v}
  %{ endfor }
EOT
