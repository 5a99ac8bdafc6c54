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
  p.resources = {obj, objs};

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
