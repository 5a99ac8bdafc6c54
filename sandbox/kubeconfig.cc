// Kubeconfig text.
#include "sandbox/kubeconfig.h"

#include "base/base64.h"
#include "base/yaml_json.h"
#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::ordered_json;

std::string make_kubeconfig(const std::string& name, const std::string& server,
                            const std::string& ca_pem, const std::string& token) {
  ordered_json cfg = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters",
       {{{"name", name},
         {"cluster",
          {{"server", server}, {"certificate-authority-data", base64_encode(ca_pem)}}}}}},
      {"users", {{{"name", name + "-admin"}, {"user", {{"token", token}}}}}},
      {"contexts",
       {{{"name", name},
         {"context", {{"cluster", name}, {"user", name + "-admin"}, {"namespace", "default"}}}}}},
      {"current-context", name},
      {"preferences", ordered_json::object()}};
  return to_yaml(cfg);
}

}  // namespace fedplan::sandbox
