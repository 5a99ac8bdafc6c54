// End to end on two sandboxes: kube_istio_cacerts and kube_remote_secret through plan, apply,
// rotation and destroy, with every output fedplan writes (state, its backup, the saved plan,
// plan text, markdown, JSON, UI JSON, show, output, diagnostics) searched for the CA key and the
// token read back from the cluster; and the token checked against the issuing sandbox.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "base/base64.h"
#include "base/certs.h"
#include "base/digest.h"
#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "base/yaml_json.h"
#include "cli/cli.h"
#include "providers/kube/testing/live_fixture.h"
#include "providers/kube/testing/sandbox_process.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::raw_call;
using testing::SandboxProcess;

struct SecretsRun {
  int code = -1;
  std::string out, err;
  std::string all() const { return out + "\n--- stderr ---\n" + err; }
};

// Every `fedplan` run of a test, kept so that all of their output can be searched at the end.
struct SecretsWorkdir {
  fedplan::testing::TempDir dir;
  std::vector<SecretsRun> runs;

  SecretsRun run(std::vector<std::string> args) {
    std::ostringstream out, err;
    std::istringstream in;
    CliContext ctx{out, err, in};
    SecretsRun r;
    r.code = run_cli(args, ctx);
    r.out = out.str();
    r.err = err.str();
    runs.push_back(r);
    return r;
  }
  std::vector<std::string> with(std::vector<std::string> args, int rotation) {
    args.push_back("-no-color");
    args.push_back("-var");
    args.push_back("rotation=" + std::to_string(rotation));
    args.push_back(dir.path());
    return args;
  }
  // Every file fedplan wrote into the directory and everything it printed.
  std::string everything() const {
    std::string all;
    for (const char* f :
         {"fedplan.state.json", "fedplan.state.json.backup", "saved.plan", "rotate.plan"})
      if (std::filesystem::exists(dir / f)) all += fedplan::testing::read_text(dir / f);
    for (const SecretsRun& r : runs) all += r.all();
    return all;
  }
};

std::string secrets_config(const SandboxProcess& src, const SandboxProcess& dst,
                           const fedplan::testing::TempDir& dir) {
  return R"(
variable "rotation" {
  type    = number
  default = 0
}

provider "kube" "src" { kubeconfig = ")" +
         src.kubeconfig() + R"(" }
provider "kube" "dst" { kubeconfig = ")" +
         dst.kubeconfig() + R"(" }

resource "kube_object" "src_ns" {
  provider = kube.src
  adopt    = true
  manifest = { apiVersion = "v1", kind = "Namespace", metadata = { name = "istio-system" } }
}
resource "kube_object" "dst_ns" {
  provider = kube.dst
  adopt    = true
  manifest = { apiVersion = "v1", kind = "Namespace", metadata = { name = "istio-system" } }
}
resource "kube_object" "reader" {
  provider = kube.src
  manifest = {
    apiVersion = "v1", kind = "ServiceAccount"
    metadata = { name = "istio-reader-service-account", namespace = kube_object.src_ns.manifest.metadata.name }
  }
}
resource "kube_object" "istiod" {
  provider = kube.dst
  manifest = {
    apiVersion = "apps/v1", kind = "Deployment"
    metadata = { name = "istiod", namespace = kube_object.dst_ns.manifest.metadata.name, labels = { app = "istiod" } }
    spec = {
      replicas = 1
      selector = { matchLabels = { app = "istiod" } }
      template = {
        metadata = { labels = { app = "istiod" } }
        spec = { containers = [{ name = "discovery", image = "istio/pilot" }] }
      }
    }
  }
}
resource "kube_istio_cacerts" "dst" {
  provider            = kube.dst
  namespace           = kube_object.istiod.manifest.metadata.namespace
  root_cert_file      = ")" +
         (dir / "root-cert.pem") + R"("
  root_key_file       = ")" +
         (dir / "root-key.pem") + R"("
  organization        = "mesh.example"
  restart_on_rotation = true
  restart_timeout     = "20s"
}
resource "kube_remote_secret" "src" {
  provider            = kube.dst
  source              = { kubeconfig = ")" +
         src.kubeconfig() + R"(" }
  cluster_name        = "mesh-src"
  service_account     = kube_object.reader.manifest.metadata.name
  namespace           = kube_object.istiod.manifest.metadata.namespace
  token_ttl           = "2h"
  rotate_before       = "30m"
  rotation            = var.rotation
  restart_on_rotation = true
  restart_timeout     = "20s"
}
output "token_digest" { value = kube_remote_secret.src.token_sha256 }
output "ca_fingerprint" { value = kube_istio_cacerts.dst.ca_key_sha256 }
)";
}

json secrets_get(const SandboxProcess& s, const std::string& path) {
  testing::RawReply r = raw_call(s.kubeconfig(), "GET", path);
  std::string why = path + ": " + r.body.dump();
  REQUIRE_MESSAGE(r.status == 200, why);
  return r.body;
}

std::string secrets_data(const json& secret, const std::string& key) {
  return base64_decode(secret["data"][key].get<std::string>()).value_or("");
}

// The token inside the remote secret's kubeconfig.
std::string secrets_token(const SandboxProcess& dst) {
  json s = secrets_get(dst, "/api/v1/namespaces/istio-system/secrets/istio-remote-secret-mesh-src");
  CHECK(s["metadata"]["labels"]["istio/multiCluster"] == "true");
  CHECK(s["metadata"]["annotations"]["networking.istio.io/cluster"] == "mesh-src");
  YamlResult k = parse_yaml(secrets_data(s, "mesh-src"));
  REQUIRE_MESSAGE(k.ok(), k.error);
  return k.docs.at(0)["users"][0]["user"]["token"].get<std::string>();
}

json secrets_review(const SandboxProcess& s, const std::string& token) {
  json body = {{"apiVersion", "authentication.k8s.io/v1"},
               {"kind", "TokenReview"},
               {"spec", {{"token", token}}}};
  testing::RawReply r =
      raw_call(s.kubeconfig(), "POST", "/apis/authentication.k8s.io/v1/tokenreviews", body.dump());
  REQUIRE_MESSAGE(r.status == 201, r.body.dump());
  return r.body["status"];
}

// The forms a secret could leak in: as is, base64 (as Secret data holds it), and a piece of
// its middle (a PEM line, a JWT's signature) that survives any re-wrapping.
std::vector<std::string> secrets_needles(const std::string& secret) {
  std::vector<std::string> out = {secret, base64_encode(secret)};
  if (secret.size() > 120) out.push_back(secret.substr(secret.size() / 2 - 30, 40));
  size_t dot = secret.rfind('.');
  if (dot != std::string::npos && secret.size() - dot > 20) out.push_back(secret.substr(dot + 1));
  return out;
}

void secrets_check_absent(const SecretsWorkdir& w, const std::string& what,
                          const std::string& secret) {
  REQUIRE(secret.size() > 20);
  std::string all = w.everything();
  std::string leaked = what + " leaked into fedplan's output";
  for (const std::string& n : secrets_needles(secret))
    CHECK_MESSAGE(all.find(n) == std::string::npos, leaked);
}

TEST_CASE("CA keys and remote-secret tokens reach the clusters and never fedplan's outputs") {
  SandboxProcess src(testing::sandbox_binary(), {"--seed", "21"});
  SandboxProcess dst(testing::sandbox_binary(), {"--seed", "22"});
  SecretsWorkdir w;
  CertKey root;
  std::string err;
  REQUIRE_MESSAGE(make_ca("mesh root", "mesh.example", 3650, KeyType::EcP256, &root, &err), err);
  w.dir.write("root-cert.pem", root.cert_pem);
  w.dir.write("root-key.pem", root.key_pem);
  w.dir.write("main.fed.hcl", secrets_config(src, dst, w.dir));

  SecretsRun plan0 = w.run(w.with({"plan"}, 0));
  REQUIRE_MESSAGE(plan0.code == 0, plan0.all());
  CHECK(plan0.out.find("(sensitive, not stored)") != std::string::npos);
  SecretsRun apply = w.run(w.with({"apply", "-auto-approve"}, 0));
  REQUIRE_MESSAGE(apply.code == 0, apply.all());

  // The cluster holds the material: an intermediate signed by the root, and a token the source
  // sandbox issued for the reader account (and the target's TokenReview refuses).
  json cacerts = secrets_get(dst, "/api/v1/namespaces/istio-system/secrets/cacerts");
  std::string ca_key = secrets_data(cacerts, "ca-key.pem");
  std::string ca_cert = secrets_data(cacerts, "ca-cert.pem");
  CHECK(cert_signed_by(ca_cert, root.cert_pem));
  CHECK(secrets_data(cacerts, "root-cert.pem") == root.cert_pem);
  CHECK(secrets_data(cacerts, "cert-chain.pem") == ca_cert + root.cert_pem);
  std::string token = secrets_token(dst);
  json review = secrets_review(src, token);
  CHECK(review["authenticated"] == true);
  CHECK(review["user"]["username"] ==
        "system:serviceaccount:istio-system:istio-reader-service-account");
  CHECK(secrets_review(dst, token)["authenticated"] != true);

  // What the state records instead: fingerprints and digests that match the cluster's.
  json state = json::parse(fedplan::testing::read_text(w.dir / "fedplan.state.json"));
  std::string state_text = state.dump();
  CHECK(state_text.find(key_public_sha256(ca_key, &err)) != std::string::npos);
  CHECK(state_text.find(sha256_hex(token)) != std::string::npos);

  // A second plan is empty, in every format, with the plan saved.
  SecretsRun again = w.run(w.with({"plan", "-detailed-exitcode", "-out", w.dir / "saved.plan"}, 0));
  CHECK_MESSAGE(again.code == 0, again.all());
  w.run(w.with({"plan", "-format", "json"}, 0));
  w.run(w.with({"plan", "-format", "markdown"}, 0));
  w.run(w.with({"plan", "-json"}, 0));
  w.run({"show", "-no-color", "-state", w.dir / "fedplan.state.json"});
  w.run({"show", "-json", "-state", w.dir / "fedplan.state.json"});
  w.run({"show", "-format", "json", w.dir / "saved.plan"});
  w.run({"output", "-json", "-state", w.dir / "fedplan.state.json"});
  secrets_check_absent(w, "the CA key", ca_key);
  secrets_check_absent(w, "the remote-secret token", token);

  // The rotation trigger: a planned update that says why, a new token, istiod restarted.
  SecretsRun plan1 = w.run(w.with({"plan", "-detailed-exitcode"}, 1));
  CHECK_MESSAGE(plan1.code == 2, plan1.all());
  CHECK(plan1.out.find("rotation changed from 0 to 1") != std::string::npos);
  CHECK(plan1.out.find("istiod Deployments of istio-system are restarted") != std::string::npos);
  SecretsRun rotate = w.run(w.with({"apply", "-auto-approve"}, 1));
  REQUIRE_MESSAGE(rotate.code == 0, rotate.all());
  std::string token2 = secrets_token(dst);
  CHECK(token2 != token);
  CHECK(secrets_review(src, token2)["authenticated"] == true);
  json istiod = secrets_get(dst, "/apis/apps/v1/namespaces/istio-system/deployments/istiod");
  CHECK(istiod["spec"]["template"]["metadata"]["annotations"].contains(
      "kubectl.kubernetes.io/restartedAt"));

  // Someone replaces the CA's data: the plan rotates it, and apply writes a new one.
  json patch = {{"data", {{"ca-key.pem", base64_encode("not the key fedplan wrote")}}}};
  CHECK(raw_call(dst.kubeconfig(), "PATCH", "/api/v1/namespaces/istio-system/secrets/cacerts",
                 patch.dump(), "application/merge-patch+json")
            .status == 200);
  SecretsRun drift = w.run(w.with({"plan", "-detailed-exitcode"}, 1));
  CHECK_MESSAGE(drift.code == 2, drift.all());
  CHECK(drift.out.find("changed outside fedplan") != std::string::npos);
  REQUIRE(w.run(w.with({"apply", "-auto-approve"}, 1)).code == 0);
  std::string ca_key2 = secrets_data(
      secrets_get(dst, "/api/v1/namespaces/istio-system/secrets/cacerts"), "ca-key.pem");
  CHECK(ca_key2 != ca_key);

  // The reader account is recreated on the source: its tokens are void, so a new one is asked.
  CHECK(raw_call(src.kubeconfig(), "DELETE",
                 "/api/v1/namespaces/istio-system/serviceaccounts/istio-reader-service-account")
            .status == 200);
  SecretsRun gone = w.run(w.with({"plan", "-detailed-exitcode"}, 1));
  CHECK(gone.out.find("was deleted on the source cluster") != std::string::npos);
  SecretsRun renew = w.run(w.with({"apply", "-auto-approve"}, 1));
  REQUIRE_MESSAGE(renew.code == 0, renew.all());
  std::string token3 = secrets_token(dst);
  CHECK(token3 != token2);
  json review3 = secrets_review(src, token3);
  std::string why3 = review3.dump() + "\n" + renew.all();
  CHECK_MESSAGE(review3["authenticated"] == true, why3);
  CHECK(secrets_review(src, token2)["authenticated"] != true);

  // A rotation saved as a plan and applied later: the final plan at apply agrees with it.
  SecretsRun saved = w.run(w.with({"plan", "-out", w.dir / "rotate.plan"}, 2));
  REQUIRE_MESSAGE(saved.code == 0, saved.all());
  SecretsRun applied = w.run({"apply", "-no-color", w.dir / "rotate.plan"});
  REQUIRE_MESSAGE(applied.code == 0, applied.all());
  std::string token4 = secrets_token(dst);
  CHECK(token4 != token3);
  CHECK(secrets_review(src, token4)["authenticated"] == true);

  SecretsRun destroy = w.run(w.with({"destroy", "-auto-approve"}, 2));
  REQUIRE_MESSAGE(destroy.code == 0, destroy.all());
  CHECK(
      raw_call(dst.kubeconfig(), "GET", "/api/v1/namespaces/istio-system/secrets/cacerts").status ==
      404);
  for (const std::string& s : {ca_key, ca_key2, token, token2, token3, token4})
    secrets_check_absent(w, "a key or token", s);
}

}  // namespace
}  // namespace fedplan::kube
