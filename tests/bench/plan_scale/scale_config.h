// The generated configuration of the plan_scale benchmark: a chain of service modules of
// null_resource instances (count, for_each and plain blocks) that depend on earlier ones.
#pragma once

#include <string>

namespace fedplan::bench {

// What was written: how many module calls and resource instances the configuration makes.
struct ScaleConfig {
  int modules = 0;
  int instances = 0;
  std::string error;  // non-empty when a file could not be written
};

// Writes a configuration of about `instances` null_resource instances into `dir` (which must
// exist): `main.fed.hcl` at the root and `modules/service/main.fed.hcl`, called once per
// 500 instances. Every instance depends on about two earlier ones.
ScaleConfig write_scale_config(const std::string& dir, int instances);

}  // namespace fedplan::bench
