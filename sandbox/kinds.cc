// Built-in kind behaviour: create-time resets, defaulting, validation and derived status,
// with the field paths and wording of the Kubernetes API server's validation.
#include "sandbox/kinds.h"

#include <set>

#include "base/base64.h"
#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::json;

bool uses_generation(const ResourceType& t) {
  return !t.crd.empty() || t.kind == "Deployment" || t.kind == "CustomResourceDefinition";
}

void prepare_create(const ResourceType& t, json& obj) {
  if (!t.has_status || t.kind == "Node") return;
  obj.erase("status");
}

namespace {

json& ensure_object(json& parent, const char* key) {
  if (!parent.contains(key) || !parent[key].is_object()) parent[key] = json::object();
  return parent[key];
}

void default_service(json& svc) {
  json& spec = ensure_object(svc, "spec");
  if (!spec.contains("type")) spec["type"] = "ClusterIP";
  std::string type = spec["type"].is_string() ? spec["type"].get<std::string>() : "";
  if (type == "ExternalName") return;
  if (!spec.contains("sessionAffinity")) spec["sessionAffinity"] = "None";
  if (!spec.contains("internalTrafficPolicy")) spec["internalTrafficPolicy"] = "Cluster";
  if (!spec.contains("ipFamilies")) spec["ipFamilies"] = {"IPv4"};
  if (!spec.contains("ipFamilyPolicy")) spec["ipFamilyPolicy"] = "SingleStack";
  if ((type == "NodePort" || type == "LoadBalancer") && !spec.contains("externalTrafficPolicy"))
    spec["externalTrafficPolicy"] = "Cluster";
  if (type == "LoadBalancer" && !spec.contains("allocateLoadBalancerNodePorts"))
    spec["allocateLoadBalancerNodePorts"] = true;
  if (spec.contains("ports") && spec["ports"].is_array())
    for (json& p : spec["ports"]) {
      if (!p.is_object()) continue;
      if (!p.contains("protocol")) p["protocol"] = "TCP";
      if (!p.contains("targetPort") && p.contains("port")) p["targetPort"] = p["port"];
    }
}

void default_pod_spec(json& spec) {
  if (!spec.contains("restartPolicy")) spec["restartPolicy"] = "Always";
  if (!spec.contains("terminationGracePeriodSeconds")) spec["terminationGracePeriodSeconds"] = 30;
  if (!spec.contains("dnsPolicy")) spec["dnsPolicy"] = "ClusterFirst";
  if (!spec.contains("schedulerName")) spec["schedulerName"] = "default-scheduler";
  if (!spec.contains("securityContext")) spec["securityContext"] = json::object();
  if (spec.contains("containers") && spec["containers"].is_array())
    for (json& c : spec["containers"]) {
      if (!c.is_object()) continue;
      if (!c.contains("terminationMessagePath"))
        c["terminationMessagePath"] = "/dev/termination-log";
      if (!c.contains("terminationMessagePolicy")) c["terminationMessagePolicy"] = "File";
      if (!c.contains("resources")) c["resources"] = json::object();
      if (!c.contains("imagePullPolicy")) {
        std::string image = get_string(c, "image");
        bool latest = image.find(':') == std::string::npos ||
                      (image.size() >= 7 && image.compare(image.size() - 7, 7, ":latest") == 0);
        c["imagePullPolicy"] = latest ? "Always" : "IfNotPresent";
      }
      if (c.contains("ports") && c["ports"].is_array())
        for (json& p : c["ports"])
          if (p.is_object() && !p.contains("protocol")) p["protocol"] = "TCP";
    }
}

void default_deployment(json& d) {
  json& spec = ensure_object(d, "spec");
  if (!spec.contains("replicas")) spec["replicas"] = 1;
  if (!spec.contains("revisionHistoryLimit")) spec["revisionHistoryLimit"] = 10;
  if (!spec.contains("progressDeadlineSeconds")) spec["progressDeadlineSeconds"] = 600;
  if (!spec.contains("strategy"))
    spec["strategy"] = {{"type", "RollingUpdate"},
                        {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}};
  json& tmpl = ensure_object(spec, "template");
  default_pod_spec(ensure_object(tmpl, "spec"));
}

ApiError type_error(const ResourceType& t, const std::string& field, const std::string& want,
                    const json& got) {
  return bad_request("json: cannot unmarshal " + std::string(got.type_name()) +
                     " into Go struct field " + t.kind + "." + field + " of type " + want);
}

ApiError check_string_map(const ResourceType& t, const json& obj, const char* parent,
                          const char* key) {
  const json* p = parent ? (obj.contains(parent) ? &obj[parent] : nullptr) : &obj;
  if (!p || !p->is_object() || !p->contains(key)) return {};
  const json& m = (*p)[key];
  std::string field = parent ? std::string(parent) + "." + key : key;
  if (m.is_null()) return {};
  if (!m.is_object()) return type_error(t, field, "map[string]string", m);
  for (auto it = m.begin(); it != m.end(); ++it)
    if (!it.value().is_string()) return type_error(t, field, "string", it.value());
  return {};
}

ApiError validate_meta(const ResourceType& t, const json& obj) {
  if (!obj.contains("metadata") || !obj["metadata"].is_object())
    return bad_request("Object 'metadata' is missing or is not an object");
  const json& m = obj["metadata"];
  for (const char* f : {"name", "namespace", "generateName", "resourceVersion", "uid"})
    if (m.contains(f) && !m[f].is_string() && !m[f].is_null())
      return type_error(t, std::string("metadata.") + f, "string", m[f]);
  for (const char* f : {"labels", "annotations"})
    if (ApiError e = check_string_map(t, obj, "metadata", f); !e.ok()) return e;
  std::string name = get_string(m, "name");
  if (m.contains("labels") && m["labels"].is_object())
    for (auto it = m["labels"].begin(); it != m["labels"].end(); ++it) {
      if (std::string e = check_label_key(it.key()); !e.empty())
        return invalid(t, name, "metadata.labels", "Invalid value: \"" + it.key() + "\": " + e);
      if (std::string e = check_label_value(it.value().get<std::string>()); !e.empty())
        return invalid(t, name, "metadata.labels",
                       "Invalid value: \"" + it.value().get<std::string>() + "\": " + e);
    }
  if (m.contains("finalizers") && !m["finalizers"].is_null()) {
    if (!m["finalizers"].is_array())
      return type_error(t, "metadata.finalizers", "[]string", m["finalizers"]);
    for (const json& f : m["finalizers"])
      if (!f.is_string()) return type_error(t, "metadata.finalizers", "string", f);
  }
  std::string rule;
  if (t.kind == "Namespace")
    rule = check_dns1123_label(name);
  else if (t.kind == "Service")
    rule = check_dns1035_label(name);
  else
    rule = check_dns1123_subdomain(name);
  if (!rule.empty())
    return invalid(t, name, "metadata.name", "Invalid value: \"" + name + "\": " + rule);
  return {};
}

ApiError validate_service(const ResourceType& t, const json& svc, const json* old) {
  std::string name = get_string(svc["metadata"], "name");
  if (!svc.contains("spec") || !svc["spec"].is_object())
    return invalid(t, name, "spec.ports", "Required value", "FieldValueRequired");
  const json& spec = svc["spec"];
  std::string type = get_string(spec, "type", "ClusterIP");
  static const std::set<std::string> types = {"ClusterIP", "NodePort", "LoadBalancer",
                                              "ExternalName"};
  if (!types.count(type))
    return invalid(t, name, "spec.type",
                   "Unsupported value: \"" + type +
                       "\": supported values: \"ClusterIP\", \"ExternalName\", "
                       "\"LoadBalancer\", \"NodePort\"",
                   "FieldValueNotSupported");
  if (ApiError e = check_string_map(t, svc, "spec", "selector"); !e.ok()) return e;
  bool headless = get_string(spec, "clusterIP") == "None";
  const json ports = get_array(spec, "ports");
  if (!ports.is_array()) return type_error(t, "spec.ports", "[]ServicePort", ports);
  if (ports.empty() && type != "ExternalName" && !headless)
    return invalid(t, name, "spec.ports", "Required value", "FieldValueRequired");
  std::set<std::string> names;
  std::set<std::string> keys;
  for (size_t i = 0; i < ports.size(); ++i) {
    const json& p = ports[i];
    std::string f = "spec.ports[" + std::to_string(i) + "]";
    if (!p.is_object()) return type_error(t, "spec.ports", "ServicePort", p);
    if (!p.contains("port") || !p["port"].is_number_integer())
      return invalid(t, name, f + ".port", "Required value", "FieldValueRequired");
    int port = p["port"].get<int>();
    if (port < 1 || port > 65535)
      return invalid(
          t, name, f + ".port",
          "Invalid value: " + std::to_string(port) + ": must be between 1 and 65535, inclusive");
    std::string proto = get_string(p, "protocol", "TCP");
    if (proto != "TCP" && proto != "UDP" && proto != "SCTP")
      return invalid(
          t, name, f + ".protocol",
          "Unsupported value: \"" + proto + "\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
          "FieldValueNotSupported");
    std::string pname = get_string(p, "name");
    if (ports.size() > 1 && pname.empty())
      return invalid(t, name, f + ".name", "Required value", "FieldValueRequired");
    if (!pname.empty() && !names.insert(pname).second)
      return invalid(t, name, f + ".name", "Duplicate value: \"" + pname + "\"",
                     "FieldValueDuplicate");
    if (!keys.insert(std::to_string(port) + "/" + proto).second)
      return invalid(t, name, f,
                     "Duplicate value: core.ServicePort{Name:\"" + pname + "\", Protocol:\"" +
                         proto + "\", Port:" + std::to_string(port) + "}",
                     "FieldValueDuplicate");
    if (p.contains("nodePort") && (type == "ClusterIP" || type == "ExternalName") &&
        !(p["nodePort"].is_number() && p["nodePort"].get<int>() == 0))
      return invalid(t, name, f + ".nodePort",
                     "Forbidden: may not be used when `type` is '" + type + "'",
                     "FieldValueForbidden");
  }
  if (old && old->contains("spec")) {
    std::string old_ip = get_string((*old)["spec"], "clusterIP");
    std::string new_ip = get_string(spec, "clusterIP");
    std::string old_type = get_string((*old)["spec"], "type", "ClusterIP");
    if (!old_ip.empty() && !new_ip.empty() && old_ip != new_ip && old_type != "ExternalName" &&
        type != "ExternalName")
      return invalid(t, name, "spec.clusterIPs[0]",
                     "Invalid value: []string{\"" + new_ip + "\"}: may not change once set");
  }
  return {};
}

ApiError validate_deployment(const ResourceType& t, const json& d, const json* old) {
  std::string name = get_string(d["metadata"], "name");
  if (!d.contains("spec") || !d["spec"].is_object())
    return invalid(t, name, "spec.selector", "Required value", "FieldValueRequired");
  const json& spec = d["spec"];
  if (!spec.contains("selector") || !spec["selector"].is_object())
    return invalid(t, name, "spec.selector", "Required value", "FieldValueRequired");
  json match = get_object(spec["selector"], "matchLabels");
  json labels = spec.contains("/template/metadata/labels"_json_pointer)
                    ? spec["template"]["metadata"]["labels"]
                    : json::object();
  if (match.empty() && !spec["selector"].contains("matchExpressions"))
    return invalid(t, name, "spec.selector",
                   "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                   "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is "
                   "invalid for deployment");
  if (match.is_object())
    for (auto it = match.begin(); it != match.end(); ++it)
      if (!labels.is_object() || !labels.contains(it.key()) || labels[it.key()] != it.value())
        return invalid(
            t, name, "spec.template.metadata.labels",
            "Invalid value: " + labels.dump() + ": `selector` does not match template `labels`");
  const json containers = spec.contains("/template/spec/containers"_json_pointer)
                              ? spec["template"]["spec"]["containers"]
                              : json::array();
  if (!containers.is_array() || containers.empty())
    return invalid(t, name, "spec.template.spec.containers", "Required value",
                   "FieldValueRequired");
  for (size_t i = 0; i < containers.size(); ++i) {
    std::string f = "spec.template.spec.containers[" + std::to_string(i) + "]";
    if (!containers[i].is_object() || get_string(containers[i], "name").empty())
      return invalid(t, name, f + ".name", "Required value", "FieldValueRequired");
    if (get_string(containers[i], "image").empty())
      return invalid(t, name, f + ".image", "Required value", "FieldValueRequired");
  }
  if (old && old->contains("/spec/selector"_json_pointer) &&
      (*old)["spec"]["selector"] != spec["selector"])
    return invalid(t, name, "spec.selector",
                   "Invalid value: " + spec["selector"].dump() + ": field is immutable");
  return {};
}

ApiError validate_data(const ResourceType& t, const json& obj) {
  std::string name = get_string(obj["metadata"], "name");
  for (const char* f : {"data", "binaryData", "stringData"}) {
    if (ApiError e = check_string_map(t, obj, nullptr, f); !e.ok()) return e;
    if (!obj.contains(f) || !obj[f].is_object()) continue;
    for (auto it = obj[f].begin(); it != obj[f].end(); ++it) {
      const std::string& k = it.key();
      bool ok = !k.empty() && k.size() <= 253 && k != "." && k != "..";
      for (char c : k)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
          ok = false;
      if (!ok)
        return invalid(t, name, std::string(f) + "[" + k + "]",
                       "Invalid value: \"" + k +
                           "\": a valid config key must consist of alphanumeric characters, "
                           "'-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
                           "'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
      bool base64 =
          (t.kind == "Secret" && std::string(f) == "data") || std::string(f) == "binaryData";
      if (base64 && !base64_decode(it.value().get<std::string>()))
        return bad_request("illegal base64 data in " + t.kind + "." + f + "[" + k + "]");
    }
  }
  if (t.kind == "Secret" && obj.contains("data") && obj["data"].is_object()) {
    size_t total = 0;  // kube-apiserver's MaxSecretSize, over the decoded values
    for (auto it = obj["data"].begin(); it != obj["data"].end(); ++it)
      total += base64_decode(it.value().get<std::string>())->size();
    if (total > 1024 * 1024)
      return invalid(t, name, "data", "Too long: must have at most 1048576 bytes",
                     "FieldValueTooLong");
  }
  if (t.kind == "ConfigMap" && obj.contains("data") && obj.contains("binaryData") &&
      obj["data"].is_object() && obj["binaryData"].is_object())
    for (auto it = obj["data"].begin(); it != obj["data"].end(); ++it)
      if (obj["binaryData"].contains(it.key()))
        return invalid(
            t, name, "data[" + it.key() + "]",
            "Invalid value: \"" + it.key() + "\": duplicate of key present in binaryData");
  return {};
}

// A metav1.MicroTime: kube-apiserver parses it with Go's layout
// "2006-01-02T15:04:05.000000Z07:00", which wants exactly six fractional digits.
bool is_micro_time(const std::string& v) {
  static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddddd";
  if (v.size() != 27 && v.size() != 32) return false;
  for (size_t i = 0; i + 1 < sizeof shape; ++i)
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(v[i])) : v[i] != shape[i])
      return false;
  int month = std::stoi(v.substr(5, 2)), day = std::stoi(v.substr(8, 2));
  int hour = std::stoi(v.substr(11, 2)), minute = std::stoi(v.substr(14, 2));
  int second = std::stoi(v.substr(17, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return false;
  std::string zone = v.substr(26);
  if (zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && std::isdigit(zone[1]) &&
         std::isdigit(zone[2]) && zone[3] == ':' && std::isdigit(zone[4]) && std::isdigit(zone[5]);
}

// coordination.k8s.io/v1 Lease: the decoder's int32 and MicroTime checks (400), then
// ValidateLeaseSpec's (422).
ApiError validate_lease(const ResourceType& t, const json& lease) {
  if (!lease.contains("spec") || !lease["spec"].is_object()) return {};
  const json& spec = lease["spec"];
  std::string name = get_string(lease["metadata"], "name");
  const std::string cannot = "Lease in version \"v1\" cannot be handled as a Lease: ";
  for (const char* f : {"leaseDurationSeconds", "leaseTransitions"}) {
    if (!spec.contains(f) || !spec[f].is_number_integer()) continue;
    int64_t n = spec[f].get<int64_t>();
    if (n > 2147483647 || n < -2147483648LL)
      return bad_request(cannot + "json: cannot unmarshal number " + std::to_string(n) +
                         " into Go struct field LeaseSpec.spec." + f + " of type int32");
  }
  for (const char* f : {"acquireTime", "renewTime"})
    if (spec.contains(f) && spec[f].is_string() && !is_micro_time(spec[f].get<std::string>()))
      return bad_request(cannot + "parsing time \"" + spec[f].get<std::string>() +
                         "\" as \"2006-01-02T15:04:05.000000Z07:00\": not a MicroTime "
                         "(six fractional digits, then Z or an offset)");
  if (spec.contains("leaseDurationSeconds") && spec["leaseDurationSeconds"].is_number_integer() &&
      spec["leaseDurationSeconds"].get<int64_t>() <= 0)
    return invalid(
        t, name, "spec.leaseDurationSeconds",
        "Invalid value: " + spec["leaseDurationSeconds"].dump() + ": must be greater than 0");
  if (spec.contains("leaseTransitions") && spec["leaseTransitions"].is_number_integer() &&
      spec["leaseTransitions"].get<int64_t>() < 0)
    return invalid(t, name, "spec.leaseTransitions",
                   "Invalid value: " + spec["leaseTransitions"].dump() +
                       ": must be greater than or equal to 0");
  return {};
}

}  // namespace

bool declares_every_field(const ResourceType& t) {
  return t.crd.empty() && ((t.group.empty() && (t.kind == "Secret" || t.kind == "ConfigMap")) ||
                           (t.group == "coordination.k8s.io" && t.kind == "Lease"));
}

ApiError check_unknown_fields(const ResourceType& t, json& obj, const std::string& validation,
                              std::vector<std::string>* warnings) {
  if (!declares_every_field(t) || !t.schema || validation == "Ignore") {
    if (t.schema && declares_every_field(t)) drop_unknown_fields(obj, *t.schema);
    return {};
  }
  std::vector<std::string> unknown = drop_unknown_fields(obj, *t.schema);
  if (unknown.empty()) return {};
  if (validation == "Strict") {
    std::string list;
    for (const std::string& f : unknown)
      list += (list.empty() ? "" : ", ") + std::string("unknown field \"") + f + "\"";
    return bad_request(t.kind + " in version \"" + t.version + "\" cannot be handled as a " +
                       t.kind + ": strict decoding error: " + list);
  }
  for (const std::string& f : unknown) warnings->push_back("unknown field \"" + f + "\"");
  return {};
}

void apply_defaults(const ResourceType& t, json& obj) {
  if (t.kind == "Service" && t.group.empty()) default_service(obj);
  if (t.kind == "Deployment" && t.group == "apps") default_deployment(obj);
  if (t.kind == "Secret" && t.group.empty()) {
    if (!obj.contains("type")) obj["type"] = "Opaque";
    if (obj.contains("stringData") && obj["stringData"].is_object()) {
      json& data = ensure_object(obj, "data");
      for (auto it = obj["stringData"].begin(); it != obj["stringData"].end(); ++it)
        if (it.value().is_string()) data[it.key()] = base64_encode(it.value().get<std::string>());
      obj.erase("stringData");
    }
  }
  if (t.kind == "Namespace" && t.group.empty()) {
    json& spec = ensure_object(obj, "spec");
    if (!spec.contains("finalizers")) spec["finalizers"] = {"kubernetes"};
    json& labels = ensure_object(obj["metadata"], "labels");
    labels["kubernetes.io/metadata.name"] = get_string(obj["metadata"], "name");
  }
  if (t.kind == "Route" && t.group == "route.openshift.io") {
    json& spec = ensure_object(obj, "spec");
    if (!spec.contains("wildcardPolicy")) spec["wildcardPolicy"] = "None";
    json& to = ensure_object(spec, "to");
    if (!to.contains("kind")) to["kind"] = "Service";
    if (!to.contains("weight")) to["weight"] = 100;
  }
  if (t.kind == "CustomResourceDefinition" && obj.contains("spec") && obj["spec"].is_object()) {
    json& names = ensure_object(obj["spec"], "names");
    if (!names.contains("singular") && names.contains("kind") && names["kind"].is_string()) {
      std::string s = names["kind"].get<std::string>();
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      names["singular"] = s;
    }
    if (!names.contains("listKind") && names.contains("kind") && names["kind"].is_string())
      names["listKind"] = names["kind"].get<std::string>() + "List";
  }
}

ApiError validate_object(const ResourceType& t, const json& obj, const json* old) {
  // Built-in kinds decode into typed structs: a wrong JSON type is a 400 from decoding.
  if (t.crd.empty() && t.schema)
    if (std::string e = check_types(obj, *t.schema); !e.empty())
      return bad_request(t.kind + " in version \"" + t.version + "\" cannot be handled as a " +
                         t.kind + ": json: cannot unmarshal " + e);
  if (ApiError e = validate_meta(t, obj); !e.ok()) return e;
  if (obj.contains("spec") && !obj["spec"].is_object() && !obj["spec"].is_null() && t.crd.empty())
    return bad_request("json: cannot unmarshal " + std::string(obj["spec"].type_name()) +
                       " into Go struct field " + t.kind + ".spec of type " + t.kind + "Spec");
  if (t.group.empty() && (t.kind == "ConfigMap" || t.kind == "Secret"))
    return validate_data(t, obj);
  if (t.group.empty() && t.kind == "Service") return validate_service(t, obj, old);
  if (t.group == "coordination.k8s.io" && t.kind == "Lease") return validate_lease(t, obj);
  if (t.group == "apps" && t.kind == "Deployment") return validate_deployment(t, obj, old);
  if (t.kind == "CustomResourceDefinition") {
    std::string msg = validate_crd(obj);
    if (!msg.empty()) {
      ApiError e;
      e.code = 422;
      e.reason = "Invalid";
      e.message = msg;
      e.details = {{"name", get_string(obj["metadata"], "name")},
                   {"group", "apiextensions.k8s.io"},
                   {"kind", "CustomResourceDefinition"}};
      return e;
    }
    if (old && get_string((*old)["spec"], "group") != get_string(obj["spec"], "group"))
      return invalid(
          t, get_string(obj["metadata"], "name"), "spec.group",
          "Invalid value: \"" + get_string(obj["spec"], "group") + "\": field is immutable");
  }
  return {};
}

void derive_status(const ResourceType& t, json& obj, const std::string& cluster_name,
                   const std::string& now) {
  if (t.kind == "Namespace" && t.group.empty()) {
    json& status = ensure_object(obj, "status");
    bool terminating = obj["metadata"].contains("deletionTimestamp");
    status["phase"] = terminating ? "Terminating" : "Active";
    return;
  }
  if (t.kind == "Deployment" && t.group == "apps") {
    int replicas = get_int(obj["spec"], "replicas", 1);
    json& status = ensure_object(obj, "status");
    status["observedGeneration"] = get_int(obj["metadata"], "generation", 1);
    status["replicas"] = replicas;
    status["updatedReplicas"] = replicas;
    status["readyReplicas"] = replicas;
    status["availableReplicas"] = replicas;
    if (replicas == 0) {
      status.erase("readyReplicas");
      status.erase("availableReplicas");
    }
    json conditions = json::array();
    std::string since = now;
    if (status.contains("conditions") && status["conditions"].is_array())
      for (const json& c : status["conditions"])
        if (get_string(c, "type") == "Available" && c.contains("lastTransitionTime"))
          since = c["lastTransitionTime"];
    conditions.push_back({{"type", "Available"},
                          {"status", "True"},
                          {"lastUpdateTime", since},
                          {"lastTransitionTime", since},
                          {"reason", "MinimumReplicasAvailable"},
                          {"message", "Deployment has minimum availability."}});
    conditions.push_back({{"type", "Progressing"},
                          {"status", "True"},
                          {"lastUpdateTime", since},
                          {"lastTransitionTime", since},
                          {"reason", "NewReplicaSetAvailable"},
                          {"message", "ReplicaSet \"" + get_string(obj["metadata"], "name") +
                                          "\" has successfully progressed."}});
    status["conditions"] = conditions;
    return;
  }
  if (t.kind == "Route" && t.group == "route.openshift.io") {
    json& spec = obj["spec"];
    if (!spec.contains("host") || spec["host"] == "")
      spec["host"] = get_string(obj["metadata"], "name") + "-" +
                     get_string(obj["metadata"], "namespace") + ".apps." + cluster_name +
                     ".sandbox.example";
    std::string since = now;
    if (obj.contains("/status/ingress/0/conditions/0/lastTransitionTime"_json_pointer))
      since = obj["status"]["ingress"][0]["conditions"][0]["lastTransitionTime"];
    obj["status"] = {
        {"ingress",
         {{{"host", spec["host"]},
           {"routerName", "default"},
           {"wildcardPolicy", get_string(spec, "wildcardPolicy", "None")},
           {"routerCanonicalHostname", "router-default.apps." + cluster_name + ".sandbox.example"},
           {"conditions",
            {{{"type", "Admitted"}, {"status", "True"}, {"lastTransitionTime", since}}}}}}}};
    return;
  }
  if (t.kind == "CustomResourceDefinition") {
    json& status = ensure_object(obj, "status");
    std::string since = now;
    if (status.contains("conditions") && status["conditions"].is_array() &&
        !status["conditions"].empty() && status["conditions"][0].contains("lastTransitionTime"))
      since = status["conditions"][0]["lastTransitionTime"];
    status["acceptedNames"] = obj["spec"]["names"];
    status["conditions"] = {{{"type", "NamesAccepted"},
                             {"status", "True"},
                             {"lastTransitionTime", since},
                             {"reason", "NoConflicts"},
                             {"message", "no conflicts found"}},
                            {{"type", "Established"},
                             {"status", "True"},
                             {"lastTransitionTime", since},
                             {"reason", "InitialNamesAccepted"},
                             {"message", "the initial names have been accepted"}}};
    json stored = json::array();
    for (const json& v : obj["spec"]["versions"])
      if (get_bool(v, "storage", false)) stored.push_back(v["name"]);
    if (status.contains("storedVersions") && status["storedVersions"].is_array())
      for (const json& v : status["storedVersions"])
        if (std::find(stored.begin(), stored.end(), v) == stored.end()) stored.push_back(v);
    status["storedVersions"] = stored;
  }
}

}  // namespace fedplan::sandbox
