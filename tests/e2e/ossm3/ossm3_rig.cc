// What the OSSM 3 end-to-end tests share: kubectl writes, the application namespaces, RBAC
// kinds played as CRDs, a shared root CA on disk, TokenReviews and remote-secret tokens.
#include "tests/e2e/ossm3/ossm3_rig.h"

#include <atomic>
#include <fstream>

#include "base/base64.h"
#include "base/yaml_json.h"

namespace fedplan::e2e {

using nlohmann::json;

namespace {

// `kubectl create ARGS -f FILE` with `manifest` written to FILE: the answer as JSON, or null.
json ossm3_rig_create(const Sandboxes& sb, const std::string& cluster,
                      std::vector<std::string> args, const json& manifest, const std::string& dir,
                      std::string* err) {
  static std::atomic<int> ossm3_rig_seq{0};
  std::string file = dir + "/create-" + std::to_string(++ossm3_rig_seq) + ".json";
  std::ofstream(file) << manifest.dump();
  std::vector<std::string> argv = {"kubectl", "--kubeconfig", sb.kubeconfig(cluster), "create"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"-f", file});
  Run r = run_program(argv);
  if (r.exit_code != 0) {
    *err = r.all();
    return nullptr;
  }
  json out = json::parse(r.out, nullptr, false);
  if (out.is_discarded()) {
    *err = "not JSON: " + r.out;
    return nullptr;
  }
  return out;
}

}  // namespace

json ossm3_kubectl_create(const Sandboxes& sb, const std::string& cluster, const json& manifest,
                          const std::string& dir, std::string* err) {
  return ossm3_rig_create(sb, cluster, {"-o", "json"}, manifest, dir, err);
}

bool ossm3_namespace(const Sandboxes& sb, const std::string& cluster, const std::string& name,
                     const std::string& dir, std::string* err) {
  json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
  return !ossm3_kubectl_create(sb, cluster, ns, dir, err).is_null();
}

bool ossm3_rbac_kinds(const Sandboxes& sb, const std::string& cluster, const std::string& dir,
                      std::string* err) {
  for (const std::string kind : {"ClusterRole", "ClusterRoleBinding"}) {
    std::string plural = kind == "ClusterRole" ? "clusterroles" : "clusterrolebindings";
    json crd = {
        {"apiVersion", "apiextensions.k8s.io/v1"},
        {"kind", "CustomResourceDefinition"},
        {"metadata", {{"name", plural + ".rbac.authorization.k8s.io"}}},
        {"spec",
         {{"group", "rbac.authorization.k8s.io"},
          {"scope", "Cluster"},
          {"names", {{"kind", kind}, {"plural", plural}}},
          {"versions",
           {{{"name", "v1"},
             {"served", true},
             {"storage", true},
             {"schema",
              {{"openAPIV3Schema",
                {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}}}}}};
    std::string singular = kind == "ClusterRole" ? "clusterrole" : "clusterrolebinding";
    crd["spec"]["names"]["singular"] = singular;
    if (ossm3_kubectl_create(sb, cluster, crd, dir, err).is_null()) return false;
  }
  return true;
}

bool ossm3_make_root(const std::string& dir, Ossm3Root* out, std::string* err) {
  if (!make_ca("Federation Root CA", "federation.example", 3650, KeyType::EcP256, &out->ca, err))
    return false;
  out->cert_file = dir + "/root-cert.pem";
  out->key_file = dir + "/root-key.pem";
  std::ofstream(out->cert_file) << out->ca.cert_pem;
  std::ofstream(out->key_file) << out->ca.key_pem;
  return true;
}

bool ossm3_token_authenticates(const Sandboxes& sb, const std::string& cluster,
                               const std::string& token, const std::string& dir) {
  json review = {{"apiVersion", "authentication.k8s.io/v1"},
                 {"kind", "TokenReview"},
                 {"spec", {{"token", token}}}};
  // TokenReview is not in discovery (as on a real cluster): posted to its path.
  std::string err;
  json out = ossm3_rig_create(sb, cluster, {"--raw", "/apis/authentication.k8s.io/v1/tokenreviews"},
                              review, dir, &err);
  return out.is_object() && out["status"].value("authenticated", false);
}

std::string ossm3_remote_secret_token(const json& secret) {
  if (!secret.is_object() || !secret.contains("data")) return "";
  for (const auto& [key, value] : secret["data"].items()) {
    (void)key;
    auto text = base64_decode(value.get<std::string>());
    if (!text) return "";
    YamlResult parsed = parse_yaml(*text);
    if (!parsed.ok() || parsed.docs.empty()) return "";
    const json& kubeconfig = parsed.docs[0];
    for (const json& u : kubeconfig.value("users", json::array()))
      if (u.contains("user") && u["user"].contains("token"))
        return u["user"]["token"].get<std::string>();
  }
  return "";
}

}  // namespace fedplan::e2e
