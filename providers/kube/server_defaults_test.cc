// Tests of drop_server_defaults: what a real API server adds to a Service, a Deployment and a
// Namespace goes, and the same fields set to other values by someone stay.
#include "providers/kube/server_defaults.h"

#include <doctest/doctest.h>

#include "providers/kube/projection.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;

TEST_CASE("an imported Service keeps its ports and selector, not its allocated addresses") {
  json live = json::parse(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"web","namespace":"ns","uid":"u","resourceVersion":"7",
      "creationTimestamp":"2026-01-01T00:00:00Z"},
    "spec":{"clusterIP":"10.96.0.12","clusterIPs":["10.96.0.12"],"ipFamilies":["IPv4"],
      "ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster","sessionAffinity":"None",
      "type":"ClusterIP","selector":{"app":"web"},
      "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":80},
               {"name":"dns","port":53,"protocol":"UDP","targetPort":5353}]},
    "status":{"loadBalancer":{}}})");
  CHECK(import_manifest(live) == json::parse(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"web","namespace":"ns"},
    "spec":{"selector":{"app":"web"},
      "ports":[{"name":"http","port":80},
               {"name":"dns","port":53,"protocol":"UDP","targetPort":5353}]}})"));
}

TEST_CASE("fields set to other values than the defaults stay") {
  json svc = json::parse(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"g"},
    "spec":{"clusterIP":"None","clusterIPs":["None"],"type":"NodePort",
      "externalTrafficPolicy":"Local","sessionAffinity":"ClientIP",
      "ports":[{"port":15443,"nodePort":32443,"protocol":"TCP","targetPort":"tls"}]}})");
  drop_server_defaults(svc);
  CHECK(svc == json::parse(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"g"},
    "spec":{"clusterIP":"None","type":"NodePort","externalTrafficPolicy":"Local",
      "sessionAffinity":"ClientIP","ports":[{"port":15443,"nodePort":32443,"targetPort":"tls"}]}})"));
  json deploy = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"d"},"spec":{"revisionHistoryLimit":3,"strategy":{"type":"Recreate"},
      "template":{"spec":{"restartPolicy":"Always","dnsPolicy":"Default","containers":[
        {"name":"c","image":"nginx:latest","imagePullPolicy":"IfNotPresent"}]}}}})");
  drop_server_defaults(deploy);
  json sent = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
    "spec":{"replicas":1,"strategy":{}}})");  // as kubectl create deployment sends it
  drop_server_defaults(sent);
  CHECK(sent["spec"] == json::parse(R"({"replicas":1})"));
  CHECK(deploy["spec"]["revisionHistoryLimit"] == 3);
  CHECK(deploy["spec"]["strategy"]["type"] == "Recreate");
  CHECK(deploy["spec"]["template"]["spec"]["dnsPolicy"] == "Default");
  CHECK_FALSE(deploy["spec"]["template"]["spec"].contains("restartPolicy"));
  CHECK(deploy["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] == "IfNotPresent");
}

TEST_CASE("a Deployment as the server returns it loses its defaulted spec fields") {
  json live = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"d","namespace":"ns","generation":1,
      "annotations":{"deployment.kubernetes.io/revision":"1"}},
    "spec":{"replicas":2,"progressDeadlineSeconds":600,"revisionHistoryLimit":10,
      "selector":{"matchLabels":{"app":"d"}},
      "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
      "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"d"}},
        "spec":{"dnsPolicy":"ClusterFirst","restartPolicy":"Always",
          "schedulerName":"default-scheduler","securityContext":{},
          "terminationGracePeriodSeconds":30,
          "containers":[{"name":"c","image":"quay.io/x/app:1.2","imagePullPolicy":"IfNotPresent",
            "resources":{},"terminationMessagePath":"/dev/termination-log",
            "terminationMessagePolicy":"File","ports":[{"containerPort":8080,"protocol":"TCP"}]}]}}},
    "status":{"replicas":2}})");
  CHECK(import_manifest(live) == json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"d","namespace":"ns"},
    "spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},
      "template":{"metadata":{"labels":{"app":"d"}},
        "spec":{"containers":[{"name":"c","image":"quay.io/x/app:1.2",
          "ports":[{"containerPort":8080}]}]}}}})"));
}

TEST_CASE("a Namespace loses the finalizer and label the server adds, not other labels") {
  json live = json::parse(R"({"apiVersion":"v1","kind":"Namespace",
    "metadata":{"name":"istio-system","labels":{"kubernetes.io/metadata.name":"istio-system",
      "istio-injection":"enabled"}},
    "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})");
  CHECK(import_manifest(live) == json::parse(R"({"apiVersion":"v1","kind":"Namespace",
    "metadata":{"name":"istio-system","labels":{"istio-injection":"enabled"}}})"));
}

}  // namespace
}  // namespace fedplan::kube
