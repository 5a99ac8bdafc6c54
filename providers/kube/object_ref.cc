// ObjectRef parsing and printing.
#include "providers/kube/object_ref.h"

#include <tuple>
#include <vector>

namespace fedplan::kube {

std::string ObjectRef::group() const {
  size_t slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

std::string ObjectRef::version() const {
  size_t slash = api_version.find('/');
  return slash == std::string::npos ? api_version : api_version.substr(slash + 1);
}

std::string ObjectRef::id() const {
  return api_version + "/" + kind + "/" + ns + "/" + name;
}

std::string ObjectRef::display() const {
  return kind + " \"" + (ns.empty() ? "" : ns + "/") + name + "\" (" + api_version + ")";
}

bool ObjectRef::operator<(const ObjectRef& o) const {
  return std::tie(api_version, kind, ns, name) < std::tie(o.api_version, o.kind, o.ns, o.name);
}

std::optional<ObjectRef> ref_of(const nlohmann::json& manifest, std::string* err) {
  if (!manifest.is_object()) {
    *err = "a manifest must be an object";
    return std::nullopt;
  }
  ObjectRef r;
  auto str = [&](const nlohmann::json& obj, const char* key, std::string* out, const char* what) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      *err = std::string("the manifest has no ") + what;
      return false;
    }
    *out = it->get<std::string>();
    return true;
  };
  if (!str(manifest, "apiVersion", &r.api_version, "apiVersion") ||
      !str(manifest, "kind", &r.kind, "kind"))
    return std::nullopt;
  auto md = manifest.find("metadata");
  if (md == manifest.end() || !md->is_object()) {
    *err = "the manifest has no metadata";
    return std::nullopt;
  }
  if (!str(*md, "name", &r.name, "metadata.name")) return std::nullopt;
  auto ns = md->find("namespace");
  if (ns != md->end() && !ns->is_null()) {
    if (!ns->is_string()) {
      *err = "metadata.namespace must be a string";
      return std::nullopt;
    }
    r.ns = ns->get<std::string>();
  }
  return r;
}

std::optional<ObjectRef> parse_object_id(const std::string& id, std::string* err) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = id.find('/', start);
    parts.push_back(id.substr(start, slash == std::string::npos ? slash : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  ObjectRef r;
  if (parts.size() == 4) {
    r = {parts[0], parts[1], parts[2], parts[3]};
  } else if (parts.size() == 5) {
    r = {parts[0] + "/" + parts[1], parts[2], parts[3], parts[4]};
  } else {
    *err = "the id \"" + id +
           "\" is not apiVersion/kind/namespace/name (for example v1/ConfigMap/ns/name, "
           "apps/v1/Deployment/ns/name, or v1/Namespace//name for a cluster-scoped object)";
    return std::nullopt;
  }
  if (r.api_version.empty() || r.api_version.front() == '/' || r.api_version.back() == '/' ||
      r.kind.empty() || r.name.empty()) {
    *err = "the id \"" + id + "\" has an empty apiVersion, kind or name";
    return std::nullopt;
  }
  return r;
}

}  // namespace fedplan::kube
