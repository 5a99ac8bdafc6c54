// drop_server_defaults: the defaults are the ones of the Kubernetes API (SetDefaults_* of
// k8s.io/kubernetes/pkg/apis/*/v1), checked by value so that a field someone set stays.
#include "providers/kube/server_defaults.h"

#include <string>

namespace fedplan::kube {
namespace {

using nlohmann::json;

// Erases `key` from the object `o` when it holds `value`.
void server_defaults_drop_if(json& o, const char* key, const json& value) {
  auto it = o.find(key);
  if (it != o.end() && *it == value) o.erase(it);
}

// Erases `key` from `o` when it is an empty object (one this cleaning may have emptied).
void server_defaults_drop_empty(json& o, const char* key) {
  auto it = o.find(key);
  if (it != o.end() && it->is_object() && it->empty()) o.erase(it);
}

json* server_defaults_object(json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  return it != o.end() && it->is_object() ? &*it : nullptr;
}

// The pull policy Kubernetes gives a container without one: Always for `:latest` or no tag.
std::string server_defaults_pull_policy(const std::string& image) {
  std::string name = image.substr(0, image.find('@'));
  if (name.size() != image.size()) return "IfNotPresent";  // a digest
  size_t slash = name.rfind('/');
  size_t colon = name.rfind(':');
  bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  if (!tagged || name.substr(colon + 1) == "latest") return "Always";
  return "IfNotPresent";
}

void server_defaults_ports(json& spec, const char* key) {
  auto it = spec.find(key);
  if (it == spec.end() || !it->is_array()) return;
  for (json& p : *it) {
    if (!p.is_object()) continue;
    server_defaults_drop_if(p, "protocol", "TCP");
  }
}

void server_defaults_containers(json& spec, const char* key) {
  auto it = spec.find(key);
  if (it == spec.end() || !it->is_array()) return;
  for (json& c : *it) {
    if (!c.is_object()) continue;
    server_defaults_drop_if(c, "terminationMessagePath", "/dev/termination-log");
    server_defaults_drop_if(c, "terminationMessagePolicy", "File");
    auto image = c.find("image");
    if (image != c.end() && image->is_string())
      server_defaults_drop_if(c, "imagePullPolicy",
                              server_defaults_pull_policy(image->get<std::string>()));
    server_defaults_drop_empty(c, "resources");
    server_defaults_drop_empty(c, "securityContext");
    server_defaults_ports(c, "ports");
  }
}

void server_defaults_pod_spec(json& spec) {
  server_defaults_drop_if(spec, "dnsPolicy", "ClusterFirst");
  server_defaults_drop_if(spec, "restartPolicy", "Always");
  server_defaults_drop_if(spec, "schedulerName", "default-scheduler");
  server_defaults_drop_if(spec, "terminationGracePeriodSeconds", 30);
  server_defaults_drop_if(spec, "enableServiceLinks", true);
  server_defaults_drop_if(spec, "preemptionPolicy", "PreemptLowerPriority");
  server_defaults_drop_if(spec, "priority", 0);
  server_defaults_drop_empty(spec, "securityContext");
  // serviceAccount is the deprecated twin the server copies serviceAccountName into.
  auto sa = spec.find("serviceAccount");
  auto san = spec.find("serviceAccountName");
  if (sa != spec.end() && san != spec.end() && *sa == *san) spec.erase(sa);
  server_defaults_containers(spec, "containers");
  server_defaults_containers(spec, "initContainers");
}

// A pod template (`spec.template` of a workload): its spec, and the creationTimestamp: null
// the server writes into its metadata.
void server_defaults_template(json& owner) {
  json* tmpl = server_defaults_object(owner, "template");
  if (!tmpl) return;
  if (json* md = server_defaults_object(*tmpl, "metadata")) {
    server_defaults_drop_if(*md, "creationTimestamp", nullptr);
    server_defaults_drop_empty(*tmpl, "metadata");
  }
  if (json* spec = server_defaults_object(*tmpl, "spec")) server_defaults_pod_spec(*spec);
}

void server_defaults_service(json& spec) {
  auto ip = spec.find("clusterIP");
  bool headless = ip != spec.end() && *ip == "None";
  if (!headless) {
    spec.erase("clusterIP");
    spec.erase("clusterIPs");
  } else {
    server_defaults_drop_if(spec, "clusterIPs", json::array({"None"}));
  }
  spec.erase("ipFamilies");
  server_defaults_drop_if(spec, "ipFamilyPolicy", "SingleStack");
  server_defaults_drop_if(spec, "sessionAffinity", "None");
  server_defaults_drop_if(spec, "internalTrafficPolicy", "Cluster");
  server_defaults_drop_if(spec, "externalTrafficPolicy", "Cluster");
  server_defaults_drop_if(spec, "allocateLoadBalancerNodePorts", true);
  server_defaults_drop_if(spec, "type", "ClusterIP");
  auto ports = spec.find("ports");
  if (ports == spec.end() || !ports->is_array()) return;
  for (json& p : *ports) {
    if (!p.is_object()) continue;
    server_defaults_drop_if(p, "protocol", "TCP");
    auto port = p.find("port");
    if (port != p.end()) server_defaults_drop_if(p, "targetPort", *port);
  }
}

}  // namespace

void drop_server_defaults(json& obj) {
  if (!obj.is_object()) return;
  std::string kind = obj.value("kind", "");
  std::string api = obj.value("apiVersion", "");
  json* md = server_defaults_object(obj, "metadata");
  if (md) {
    if (json* ann = server_defaults_object(*md, "annotations")) {
      ann->erase("deployment.kubernetes.io/revision");
      server_defaults_drop_empty(*md, "annotations");
    }
  }
  json* spec = server_defaults_object(obj, "spec");
  if (api == "v1" && kind == "Namespace") {
    if (md) {
      if (json* labels = server_defaults_object(*md, "labels")) {
        auto name = md->find("name");
        if (name != md->end())
          server_defaults_drop_if(*labels, "kubernetes.io/metadata.name", *name);
        server_defaults_drop_empty(*md, "labels");
      }
    }
    if (spec) server_defaults_drop_if(*spec, "finalizers", json::array({"kubernetes"}));
  } else if (!spec) {
    return;
  } else if (api == "v1" && kind == "Service") {
    server_defaults_service(*spec);
  } else if (api == "v1" && kind == "Pod") {
    server_defaults_pod_spec(*spec);
    spec->erase("nodeName");
  } else if (api == "apps/v1" && kind == "Deployment") {
    server_defaults_drop_if(*spec, "progressDeadlineSeconds", 600);
    server_defaults_drop_if(*spec, "revisionHistoryLimit", 10);
    server_defaults_drop_if(
        *spec, "strategy",
        json{{"type", "RollingUpdate"},
             {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}});
    server_defaults_drop_empty(*spec, "strategy");  // kubectl create deployment sends {}
    server_defaults_template(*spec);
  } else if (api == "apps/v1" && kind == "StatefulSet") {
    server_defaults_drop_if(*spec, "podManagementPolicy", "OrderedReady");
    server_defaults_drop_if(*spec, "revisionHistoryLimit", 10);
    server_defaults_drop_if(*spec, "updateStrategy",
                            json{{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 0}}}});
    server_defaults_drop_if(*spec, "persistentVolumeClaimRetentionPolicy",
                            json{{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}});
    server_defaults_drop_empty(*spec, "updateStrategy");
    server_defaults_template(*spec);
  } else if (api == "apps/v1" && kind == "DaemonSet") {
    server_defaults_drop_if(*spec, "revisionHistoryLimit", 10);
    server_defaults_drop_if(*spec, "updateStrategy",
                            json{{"type", "RollingUpdate"},
                                 {"rollingUpdate", {{"maxSurge", 0}, {"maxUnavailable", 1}}}});
    server_defaults_template(*spec);
  } else if (api == "apps/v1" && kind == "ReplicaSet") {
    server_defaults_template(*spec);
  }
  if (spec) server_defaults_drop_empty(obj, "spec");
}

}  // namespace fedplan::kube
