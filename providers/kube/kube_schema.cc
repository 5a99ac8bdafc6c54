// Attribute lists of the kube provider (docs/providers/kube.md describes each).
#include "providers/kube/kube_schema.h"

namespace fedplan::kube {
namespace {

AttributeSchema a(std::string name, Type type, std::string description) {
  AttributeSchema s;
  s.name = std::move(name);
  s.type = std::move(type);
  s.description = std::move(description);
  return s;
}

AttributeSchema required(AttributeSchema s) {
  s.required = true;
  return s;
}

AttributeSchema computed(AttributeSchema s) {
  s.computed = true;
  s.read_only = true;
  return s;
}

// Optional in config; when left out, the provider fills it in.
AttributeSchema optional_computed(AttributeSchema s) {
  s.computed = true;
  return s;
}

AttributeSchema sensitive(AttributeSchema s) {
  s.sensitive = true;
  return s;
}

ProviderSchema build() {
  ProviderSchema p;
  p.config.type = "kube";
  p.config.description = "A Kubernetes or OpenShift cluster, by kubeconfig or by host and token.";
  p.config.attributes = {
      a("kubeconfig", Type::string(),
        "Path of a kubeconfig file, or a list \"a:b\" merged as kubectl merges KUBECONFIG."),
      a("context", Type::string(), "Context of the kubeconfig to use (default: current-context)."),
      a("cluster", Type::string(), "Kubeconfig cluster to use instead of the context's."),
      a("user", Type::string(), "Kubeconfig user to use instead of the context's."),
      a("in_cluster", Type::boolean(), "Use the pod's service account (in-cluster config)."),
      a("host", Type::string(), "API server URL (https://host:port), instead of a kubeconfig."),
      sensitive(a("token", Type::string(), "Bearer token, with host.")),
      a("ca_cert", Type::string(), "PEM of the CA that signed the API server's certificate."),
      a("client_cert", Type::string(), "PEM client certificate, with host."),
      sensitive(a("client_key", Type::string(), "PEM key of client_cert.")),
      a("max_parallel", Type::number(), "Most requests in flight to this cluster (default 64)."),
  };

  BlockSchema wait;
  wait.name = "wait";
  wait.max_items = 1;
  wait.description = "Wait after apply until a condition is True or a field is set.";
  wait.attributes = {
      a("condition", Type::string(), "Condition type that must have status \"True\"."),
      a("jsonpath", Type::string(), "Field path that must be present and non-empty."),
      a("value", Type::string(), "With jsonpath: the value the field must have."),
      a("timeout", Type::string(), "How long to wait (default \"300s\")."),
  };

  ResourceSchema obj;
  obj.type = "kube_object";
  obj.description = "One Kubernetes object, applied with server-side apply.";
  obj.attributes = {
      required(a("manifest", Type::any(), "The object (apiVersion, kind, metadata, ...).")),
      a("force_conflicts", Type::boolean(), "Take ownership of fields other managers own."),
      a("delete_timeout", Type::string(), "How long a delete may take (default \"300s\")."),
      a("adopt", Type::boolean(),
        "Take over the object when it already exists, made by someone else (default false)."),
      a("leave_fields_to", Type::any(),
        "Field managers (list of names) whose fields fedplan leaves to them."),
      computed(a("taken_fields", Type::any(),
                 "Fields other managers took that apply takes back: [{object, field, manager}].")),
      computed(a("object", Type::any(), "The live object after apply, without managedFields.")),
      computed(a("uid", Type::string(), "metadata.uid of the live object.")),
  };
  obj.blocks = {wait};

  ResourceSchema objs;
  objs.type = "kube_objects";
  objs.description = "Several objects (e.g. yamldecodeall of a file) applied as one unit.";
  objs.attributes = {
      required(a("manifests", Type::any(), "List of objects.")),
      a("force_conflicts", Type::boolean(), "Take ownership of fields other managers own."),
      a("delete_timeout", Type::string(), "How long deleting each object may take."),
      a("adopt", Type::boolean(),
        "Take over listed objects that already exist, made by someone else (default false)."),
      a("leave_fields_to", Type::any(),
        "Field managers (list of names) whose fields fedplan leaves to them."),
      computed(a("taken_fields", Type::any(),
                 "Fields other managers took that apply takes back: [{object, field, manager}].")),
      computed(a("objects", Type::any(), "The live objects after apply, in manifest order.")),
  };
  // Shared by the two resources whose keys and tokens are pushed, never stored.
  std::vector<AttributeSchema> rotation = {
      a("rotate_before", Type::string(),
        "Rotate when the certificate or token expires within this (default \"720h\")."),
      a("rotation", Type::any(),
        "A trigger (like Terraform's *_wo_version): any change rotates the secret."),
      a("restart_on_rotation", Type::boolean(),
        "Restart the namespace's istiod Deployments after writing new material."),
      a("restart_timeout", Type::string(), "How long the istiod rollout may take (default 5m)."),
      computed(a("secret_uid", Type::string(), "metadata.uid of the Secret written.")),
      computed(a("data_sha256", Type::string(), "SHA-256 of the Secret's data as written.")),
      computed(a("live_data_sha256", Type::string(), "SHA-256 of the Secret's data as refreshed.")),
      computed(a("restarted", Type::any(), "The istiod Deployments the last write restarted.")),
  };

  ResourceSchema cacerts;
  cacerts.type = "kube_istio_cacerts";
  cacerts.description = "Istio's plugged-in CA (cacerts Secret); the CA key is never stored.";
  cacerts.attributes = {
      a("namespace", Type::string(), "Namespace of the Secret (default \"istio-system\")."),
      a("name", Type::string(), "Name of the Secret (default \"cacerts\")."),
      a("root_cert_file", Type::string(), "PEM file of the root that signs the intermediate."),
      a("root_key_file", Type::string(), "PEM file of that root's key; read at apply only."),
      a("common_name", Type::string(), "Subject CN of the CA certificate."),
      a("organization", Type::string(), "Subject O (default \"cluster.local\")."),
      a("key_type", Type::string(), "\"rsa-2048\" (default) or \"ec-p256\"."),
      a("validity", Type::string(), "How long the CA certificate is valid (default \"8760h\")."),
      computed(a("private_key", Type::string(), "Always \"(sensitive, not stored)\".")),
      computed(a("ca_cert", Type::string(), "PEM of the CA certificate (ca-cert.pem).")),
      computed(a("root_cert", Type::string(), "PEM of the root (root-cert.pem).")),
      computed(a("cert_chain", Type::string(), "PEM chain (cert-chain.pem).")),
      computed(a("ca_key_sha256", Type::string(), "SHA-256 of the CA key's public key.")),
      computed(a("root_key_sha256", Type::string(), "SHA-256 of the root key's public key.")),
      computed(a("expires_at", Type::string(), "notAfter of the CA certificate (RFC 3339).")),
  };
  cacerts.attributes.insert(cacerts.attributes.end(), rotation.begin(), rotation.end());

  ResourceSchema remote;
  remote.type = "kube_remote_secret";
  remote.description =
      "Istio remote secret: a source cluster's token in a kubeconfig Secret; never stored.";
  remote.attributes = {
      required(sensitive(
          a("source", Type::any(), "The source cluster, shaped like a kube provider block."))),
      required(a("cluster_name", Type::string(), "The source's Istio cluster name.")),
      required(a("service_account", Type::string(), "Service account on the source.")),
      a("service_account_namespace", Type::string(), "Its namespace (default \"istio-system\")."),
      a("namespace", Type::string(), "Namespace of the Secret (default \"istio-system\")."),
      a("secret_name", Type::string(),
        "Name of the Secret (default \"istio-remote-secret-CLUSTER_NAME\")."),
      a("server", Type::string(), "Source API URL in the kubeconfig (default: source's)."),
      a("ca_cert", Type::string(), "PEM CA of the source API (default: source's)."),
      a("token_ttl", Type::string(), "expirationSeconds asked of TokenRequest (default 8760h)."),
      computed(a("token", Type::string(), "Always \"(sensitive, not stored)\".")),
      computed(a("token_sha256", Type::string(), "SHA-256 of the token written.")),
      computed(a("token_expires_at", Type::string(), "When the token expires (RFC 3339).")),
      computed(a("sa_uid", Type::string(), "uid of the service account the token is for.")),
      computed(a("live_sa_uid", Type::string(), "Its uid as refreshed (\"\": deleted).")),
  };
  remote.attributes.insert(remote.attributes.end(), rotation.begin(), rotation.end());
  p.resources = {obj, objs, cacerts, remote};

  ResourceSchema dobj;
  dobj.type = "kube_object";
  dobj.description = "Reads one object.";
  dobj.attributes = {
      optional_computed(a("api_version", Type::string(),
                          "apiVersion; found by discovery when the kind is unique.")),
      required(a("kind", Type::string(), "Kind, e.g. ConfigMap.")),
      required(a("name", Type::string(), "metadata.name.")),
      a("namespace", Type::string(), "Namespace (default: the context's) for namespaced kinds."),
      computed(a("object", Type::any(), "The object as the server returns it.")),
  };
  // The same block as the resource's: until the object exists and holds the state.
  BlockSchema data_wait = wait;
  data_wait.description =
      "Read again until the object exists and a condition is True or a field is set.";
  data_wait.attributes.push_back(
      a("on_timeout", Type::string(),
        "\"fail\" (default): a timeout is an error; \"continue\": read the object as it is."));
  data_wait.attributes.push_back(
      a("error_message", Type::string(),
        "What a timeout error says after where and how long it waited."));
  dobj.blocks = {data_wait};
  ResourceSchema dobjs;
  dobjs.type = "kube_objects";
  dobjs.description = "Lists objects of one kind.";
  dobjs.attributes = {
      optional_computed(a("api_version", Type::string(),
                          "apiVersion; found by discovery when the kind is unique.")),
      required(a("kind", Type::string(), "Kind, e.g. Service.")),
      a("namespace", Type::string(), "Namespace; unset lists all namespaces."),
      a("label_selector", Type::string(), "e.g. \"app=web,tier!=db\"."),
      a("field_selector", Type::string(), "e.g. \"metadata.name=x\"."),
      computed(a("objects", Type::any(), "The matching objects.")),
  };
  p.data_sources = {dobj, dobjs};
  return p;
}

}  // namespace

const ProviderSchema& kube_schema() {
  static const ProviderSchema schema = build();  // immutable after first use
  return schema;
}

}  // namespace fedplan::kube
