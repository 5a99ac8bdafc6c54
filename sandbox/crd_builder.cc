// Building CustomResourceDefinition objects for the operator plays, in the shape
// controller-gen writes them (names, scope, versions, printer columns, status subresource).
#include "sandbox/crd_builder.h"

#include <cctype>

namespace fedplan::sandbox {

using nlohmann::json;

json crd_column(const char* name, const char* type, const char* path, const char* desc,
                int priority) {
  json c = {{"name", name}, {"type", type}, {"jsonPath", path}};
  if (*desc) c["description"] = desc;
  if (priority) c["priority"] = priority;
  return c;
}

json crd_version(const char* name, bool storage, json columns, json spec) {
  json open = {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  json v = {{"name", name},
            {"served", true},
            {"storage", storage},
            {"schema",
             {{"openAPIV3Schema",
               {{"type", "object"},
                {"properties", {{"spec", spec.is_null() ? open : spec}, {"status", open}}},
                {"x-kubernetes-preserve-unknown-fields", true}}}}},
            {"subresources", {{"status", json::object()}}}};
  if (!columns.empty()) v["additionalPrinterColumns"] = columns;
  return v;
}

json make_crd(const std::string& group, const std::string& kind, const CrdNames& n, json versions) {
  std::string singular = kind;
  for (char& c : singular) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  json names = {
      {"kind", kind}, {"listKind", kind + "List"}, {"plural", n.plural}, {"singular", singular}};
  if (!n.short_names.empty()) names["shortNames"] = n.short_names;
  if (!n.categories.empty()) names["categories"] = n.categories;
  json metadata = {{"name", n.plural + "." + group}};
  if (!n.labels.empty()) metadata["labels"] = n.labels;
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", metadata},
          {"spec",
           {{"group", group},
            {"names", names},
            {"scope", n.cluster_scoped ? "Cluster" : "Namespaced"},
            {"versions", versions}}}};
}

}  // namespace fedplan::sandbox
