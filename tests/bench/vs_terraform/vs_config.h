// The one configuration both tools run in tests/bench/vs_terraform: N instances of fedplan's
// null_resource or Terraform's terraform_data, in groups mixing count, for_each and references.
#pragma once

#include <string>

namespace fedplan::bench {

// Which tool the configuration is written for: the resource type and its trigger argument.
enum class Tool { Fedplan, Terraform };

// Writes DIR/main.fed.hcl (fedplan) or DIR/main.tf (Terraform) with `instances` instances
// (at least 500): groups of 500 (1 config, 9 shards by for_each, 400 nodes by count, 90 links
// by count; the first group takes the remainder as nodes), each instance referring to about
// two earlier ones and each group to the one before. "" on success, else why not.
std::string write_vs_config(const std::string& dir, int instances, Tool tool);

}  // namespace fedplan::bench
