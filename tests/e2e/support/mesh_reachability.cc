// The reachability checker's entry: which mesh serves a namespace (as the injectors decide),
// the chain of that mesh, and reading the objects from sandboxes with kubectl.
#include "tests/e2e/support/mesh_reachability.h"

#include "tests/e2e/support/mesh_reachability_chains.h"
#include "tests/e2e/support/mesh_reachability_util.h"
#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

using namespace reach;

std::string serving_mesh(const MeshObjects& objs, const std::string& cluster, const std::string& ns,
                         std::string* why) {
  const json* n = find(objs, cluster, "Namespace", "", ns);
  if (!n) {
    *why = "namespace " + ns + " does not exist";
    return "";
  }
  json labels = labels_of(*n);
  // OSSM 2.6's injector (multitenant): the member roll's label, unless the namespace opted out.
  std::string member_of = str(labels, "maistra.io/member-of");
  bool ossm2 = !member_of.empty() && !labels.contains("maistra.io/ignore-namespace");
  // OSSM 3's injector: istio.io/rev=REV, or istio-injection=enabled for the default revision.
  std::string rev = str(labels, "istio.io/rev");
  if (rev.empty() && str(labels, "istio-injection") == "enabled") rev = "default";
  if (ossm2 && !rev.empty()) {
    *why = "namespace " + ns + " is claimed by OSSM 2 (maistra.io/member-of=" + member_of +
           ") and OSSM 3 (revision " + rev +
           "): both injectors would add a sidecar; label it maistra.io/ignore-namespace=true";
    return "";
  }
  if (ossm2) return "ossm2:" + member_of;
  if (!rev.empty()) {
    const json* r = find(objs, cluster, "IstioRevision", "", rev);
    if (!r || !condition_true(*r, "Ready")) {
      *why = "namespace " + ns + " is labelled for revision " + rev +
             (r ? ", which is not Ready" : ", which does not exist");
      return "";
    }
    return "ossm3:" + rev;
  }
  *why = "namespace " + ns +
         " is in no mesh (no maistra.io/member-of, istio.io/rev or istio-injection label)";
  return "";
}

Reachability check_reachability(const MeshObjects& objs, const std::string& cluster,
                                const std::string& client_ns, const std::string& host) {
  std::string why;
  std::string mesh = serving_mesh(objs, cluster, client_ns, &why);
  if (mesh.empty()) {
    Reachability r;
    r.broken = cluster + ": " + why;
    return r;
  }
  if (mesh.rfind("ossm2:", 0) == 0) return ossm2_chain(objs, cluster, mesh.substr(6), host);
  return ossm3_chain(objs, cluster, mesh.substr(6), client_ns, host);
}

namespace {

// The kinds the chains read, by kubectl's fully qualified resource names.
const std::vector<std::string>& reach_kinds() {
  static const std::vector<std::string> kinds = {
      "namespaces",
      "nodes",
      "services",
      "configmaps",
      "servicemeshcontrolplanes.maistra.io",
      "servicemeshpeers.federation.maistra.io",
      "exportedservicesets.federation.maistra.io",
      "importedservicesets.federation.maistra.io",
      "istiorevisions.sailoperator.io",
      "serviceentries.networking.istio.io",
      "workloadentries.networking.istio.io",
      "gateways.networking.istio.io",
      "gateways.gateway.networking.k8s.io",
  };
  return kinds;
}

}  // namespace

MeshObjects read_mesh_objects(const Sandboxes& sb, const std::vector<std::string>& clusters) {
  MeshObjects out;
  for (const std::string& c : clusters) {
    std::vector<json>& items = out[c];
    // One request per kind: a kind the cluster does not serve leaves the others readable.
    for (const std::string& kind : reach_kinds()) {
      Run r = run_program(
          {"kubectl", "--kubeconfig", sb.kubeconfig(c), "get", kind, "-A", "-o", "json"});
      json list = json::parse(r.out, nullptr, false);
      if (list.is_discarded() || !list.contains("items")) continue;
      for (json& item : list["items"]) items.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace fedplan::e2e
