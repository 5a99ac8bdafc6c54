// Table conversion: cells for the built-in kinds the way kubectl shows them, JSONPath-ish
// cells for CRD printer columns, and human ages.
#include "sandbox/table.h"

#include <vector>

#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

std::string age(const json& obj, std::chrono::system_clock::time_point now) {
  std::chrono::system_clock::time_point created;
  if (!parse_rfc3339(get_string(obj["metadata"], "creationTimestamp"), &created))
    return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - created));
}

// Evaluates the JSONPath subset printer columns use: .field, [N], [*] and
// [?(@.field=="value")]; returns every match.
std::vector<const json*> eval_path(const json& obj, const std::string& path) {
  std::vector<const json*> cur = {&obj};
  size_t i = 0;
  while (i < path.size()) {
    std::vector<const json*> next;
    if (path[i] == '.') {
      size_t j = i + 1;
      while (j < path.size() && path[j] != '.' && path[j] != '[') ++j;
      std::string name = path.substr(i + 1, j - i - 1);
      for (const json* v : cur)
        if (v->is_object() && v->contains(name)) next.push_back(&(*v)[name]);
      i = j;
    } else if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string::npos) return {};
      std::string inner = path.substr(i + 1, close - i - 1);
      for (const json* v : cur) {
        if (!v->is_array()) continue;
        if (inner == "*") {
          for (const json& e : *v) next.push_back(&e);
        } else if (inner.rfind("?(@.", 0) == 0 && inner.back() == ')') {
          std::string cond = inner.substr(4, inner.size() - 5);
          size_t eq = cond.find("==");
          if (eq == std::string::npos) continue;
          std::string field = cond.substr(0, eq);
          std::string want = cond.substr(eq + 2);
          if (want.size() >= 2 && (want[0] == '"' || want[0] == '\''))
            want = want.substr(1, want.size() - 2);
          for (const json& e : *v)
            if (e.is_object() && e.contains(field) &&
                (e[field].is_string() ? e[field].get<std::string>() : e[field].dump()) == want)
              next.push_back(&e);
        } else if (!inner.empty() && inner.find_first_not_of("0123456789") == std::string::npos) {
          size_t n = std::stoul(inner);
          if (n < v->size()) next.push_back(&(*v)[n]);
        }
      }
      i = close + 1;
    } else {
      return {};
    }
    cur = std::move(next);
  }
  return cur;
}

// A cell for a printer column's JSONPath; dates become ages, several matches join with ",".
json path_cell(const json& obj, const std::string& path, std::chrono::system_clock::time_point now,
               const std::string& type) {
  std::string p = path;
  if (p.size() > 2 && p[0] == '{' && p.back() == '}') p = p.substr(1, p.size() - 2);
  std::vector<const json*> found = eval_path(obj, p);
  if (found.empty()) return nullptr;
  if (found.size() == 1) {
    const json& v = *found[0];
    if (type == "date" && v.is_string()) {
      std::chrono::system_clock::time_point t;
      if (parse_rfc3339(v.get<std::string>(), &t))
        return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - t));
    }
    if (v.is_string() || v.is_number() || v.is_boolean()) return v;
    return v.dump();
  }
  std::string joined;
  for (const json* v : found)
    joined += (joined.empty() ? "" : ",") + (v->is_string() ? v->get<std::string>() : v->dump());
  return joined;
}

std::string service_ports(const json& svc) {
  std::string out;
  if (!svc.contains("/spec/ports"_json_pointer)) return "<none>";
  for (const json& p : svc["spec"]["ports"]) {
    if (!out.empty()) out += ",";
    out += std::to_string(get_int(p, "port", 0));
    if (p.contains("nodePort")) out += ":" + std::to_string(get_int(p, "nodePort", 0));
    out += "/" + get_string(p, "protocol", "TCP");
  }
  return out.empty() ? "<none>" : out;
}

json builtin_cells(const ResourceType& t, const json& o) {
  if (t.kind == "Namespace") return {get_string(get_object(o, "status"), "phase")};
  if (t.kind == "ConfigMap")
    return {get_object(o, "data").size() + get_object(o, "binaryData").size()};
  if (t.kind == "Secret") return {get_string(o, "type"), get_object(o, "data").size()};
  if (t.kind == "ServiceAccount") return {0};
  if (t.kind == "Service") {
    const json& spec = get_object(o, "spec");
    std::string external = "<none>";
    if (o.contains("/status/loadBalancer/ingress/0/ip"_json_pointer))
      external = o["status"]["loadBalancer"]["ingress"][0]["ip"];
    else if (get_string(spec, "type") == "LoadBalancer")
      external = "<pending>";
    else if (get_string(spec, "type") == "ExternalName")
      external = get_string(spec, "externalName");
    std::string ip = get_string(spec, "clusterIP");
    return {get_string(spec, "type"), ip.empty() ? "<none>" : ip, external, service_ports(o)};
  }
  if (t.kind == "Node") {
    std::string ready = "Unknown";
    if (o.contains("/status/conditions"_json_pointer))
      for (const json& c : o["status"]["conditions"])
        if (get_string(c, "type") == "Ready")
          ready = get_string(c, "status") == "True" ? "Ready" : "NotReady";
    std::string roles;
    const json labels = get_object(o["metadata"], "labels");
    for (auto it = labels.begin(); it != labels.end(); ++it)
      if (it.key().rfind("node-role.kubernetes.io/", 0) == 0)
        roles += (roles.empty() ? "" : ",") + it.key().substr(24);
    return {ready, roles.empty() ? "<none>" : roles,
            o.contains("/status/nodeInfo/kubeletVersion"_json_pointer)
                ? o["status"]["nodeInfo"]["kubeletVersion"]
                : json("")};
  }
  if (t.kind == "Deployment") {
    const json& st = get_object(o, "status");
    int want = get_int(get_object(o, "spec"), "replicas", 1);
    return {std::to_string(get_int(st, "readyReplicas", 0)) + "/" + std::to_string(want),
            get_int(st, "updatedReplicas", 0), get_int(st, "availableReplicas", 0)};
  }
  if (t.kind == "Route") {
    const json& spec = get_object(o, "spec");
    std::string port = spec.contains("/port/targetPort"_json_pointer)
                           ? (spec["port"]["targetPort"].is_string()
                                  ? spec["port"]["targetPort"].get<std::string>()
                                  : spec["port"]["targetPort"].dump())
                           : std::string();
    return {get_string(spec, "host"),
            get_string(spec, "path"),
            get_string(get_object(spec, "to"), "name"),
            port,
            spec.contains("tls") ? get_string(spec["tls"], "termination") : "",
            get_string(spec, "wildcardPolicy")};
  }
  if (t.kind == "Lease") {
    return {get_string(get_object(o, "spec"), "holderIdentity")};
  }
  if (t.kind == "CustomResourceDefinition") return {get_string(o["metadata"], "creationTimestamp")};
  return json::array();
}

json builtin_columns(const ResourceType& t) {
  auto col = [](const char* name, const char* type, const char* desc) {
    return json{
        {"name", name}, {"type", type}, {"format", ""}, {"description", desc}, {"priority", 0}};
  };
  if (t.kind == "Namespace") return {col("Status", "string", "The status of the namespace")};
  if (t.kind == "ConfigMap") return {col("Data", "integer", "Number of data items")};
  if (t.kind == "Secret")
    return {col("Type", "string", "The type of the secret"),
            col("Data", "integer", "The number of entries in the data")};
  if (t.kind == "ServiceAccount") return {col("Secrets", "integer", "")};
  if (t.kind == "Service")
    return {col("Type", "string", ""), col("Cluster-IP", "string", ""),
            col("External-IP", "string", ""), col("Port(s)", "string", "")};
  if (t.kind == "Node")
    return {col("Status", "string", ""), col("Roles", "string", ""), col("Version", "string", "")};
  if (t.kind == "Deployment")
    return {col("Ready", "string", ""), col("Up-to-date", "string", ""),
            col("Available", "string", "")};
  if (t.kind == "Route")
    return {col("Host/Port", "string", ""),   col("Path", "string", ""),
            col("Services", "string", ""),    col("Port", "string", ""),
            col("Termination", "string", ""), col("Wildcard", "string", "")};
  if (t.kind == "Lease") return {col("Holder", "string", "")};
  if (t.kind == "CustomResourceDefinition") return {col("Created At", "date", "")};
  return json::array();
}

bool is_builtin_table(const ResourceType& t) {
  return t.crd.empty();
}

}  // namespace

json to_table(const ResourceType& t, const json& obj_or_list,
              std::chrono::system_clock::time_point now, const std::string& include_object) {
  json columns = json::array();
  columns.push_back({{"name", "Name"},
                     {"type", "string"},
                     {"format", "name"},
                     {"description", "Name must be unique within a namespace."},
                     {"priority", 0}});
  json extra = is_builtin_table(t) ? builtin_columns(t) : json::array();
  if (!is_builtin_table(t))
    for (const PrinterColumn& c : t.columns)
      extra.push_back({{"name", c.name},
                       {"type", c.type},
                       {"format", ""},
                       {"description", c.description},
                       {"priority", 0}});
  for (const json& c : extra) columns.push_back(c);
  // CRDs that declare columns show exactly those (the OSSM ones declare their own Age).
  bool show_age = t.kind != "CustomResourceDefinition" && (t.crd.empty() || t.columns.empty());
  if (show_age)
    columns.push_back({{"name", "Age"},
                       {"type", "string"},
                       {"format", ""},
                       {"description",
                        "CreationTimestamp is a timestamp representing the "
                        "server time when this object was created."},
                       {"priority", 0}});
  bool is_list = obj_or_list.contains("items");
  json items = is_list ? obj_or_list["items"] : json::array({obj_or_list});
  json rows = json::array();
  for (json o : items) {
    o["apiVersion"] = t.api_version();
    o["kind"] = t.kind;
    json cells = {get_string(o["metadata"], "name")};
    if (is_builtin_table(t)) {
      for (const json& c : builtin_cells(t, o)) cells.push_back(c);
    } else {
      for (const PrinterColumn& c : t.columns)
        cells.push_back(path_cell(o, c.json_path, now, c.type));
    }
    if (show_age) cells.push_back(age(o, now));
    json row = {{"cells", cells}};
    if (include_object == "Object") {
      row["object"] = o;
    } else if (include_object != "None") {
      row["object"] = {{"kind", "PartialObjectMetadata"},
                       {"apiVersion", "meta.k8s.io/v1"},
                       {"metadata", o["metadata"]}};
    }
    rows.push_back(row);
  }
  json meta = json::object();
  if (is_list && obj_or_list.contains("metadata"))
    meta = obj_or_list["metadata"];
  else if (!is_list)
    meta = {{"resourceVersion", get_string(obj_or_list["metadata"], "resourceVersion")}};
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", meta},
          {"columnDefinitions", columns},
          {"rows", rows}};
}

json to_partial_metadata(const json& obj_or_list, bool is_list) {
  auto one = [](const json& o) {
    return json{{"kind", "PartialObjectMetadata"},
                {"apiVersion", "meta.k8s.io/v1"},
                {"metadata", o["metadata"]}};
  };
  if (!is_list) return one(obj_or_list);
  json items = json::array();
  for (const json& o : obj_or_list["items"]) items.push_back(one(o));
  return {{"kind", "PartialObjectMetadataList"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", obj_or_list["metadata"]},
          {"items", items}};
}

}  // namespace fedplan::sandbox
