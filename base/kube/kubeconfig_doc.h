// KubeconfigDoc: one kubeconfig file read with yaml-cpp and checked for shape (YAML errors,
// unclosed quotes, fields of the wrong kind, unknown fields), with positions for messages.
// Only base/kube's .cc files include this header (yaml-cpp is private to the library).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "base/env_lookup.h"

namespace fedplan::kube {

// One file: where it is (for messages and relative paths), and its root mapping.
struct KubeconfigDoc {
  std::string path;
  YAML::Node root;

  // "PATH:LINE:COL" of `n`, or PATH when yaml-cpp knows no position.
  std::string where(const YAML::Node& n) const;
  // A file named inside this kubeconfig: `~` expanded, then relative to the file's directory.
  std::string resolve(const std::string& file, const EnvLookup& env) const;
  // The entry called `name` in the section (clusters, users, contexts), if any.
  std::optional<YAML::Node> find(const char* section, const std::string& name) const;
};

// Reads `text` (from `path`) into *doc; false and *err ("kubeconfig PATH:LINE:COL: ...") when it
// is not a well-formed kubeconfig.
bool parse_kubeconfig_doc(const std::string& text, const std::string& path, KubeconfigDoc* doc,
                          std::string* err);

// The string value of n[key], "" when absent or not a scalar.
std::string scalar(const YAML::Node& n, const char* key);
// Whether n[key] is a YAML true.
bool truthy(const YAML::Node& n, const char* key);
// The names in one section of each file, quoted and comma-separated ("none" when there are none).
std::string names_in(const std::vector<KubeconfigDoc>& docs, const char* section);

}  // namespace fedplan::kube
