// Sandbox clusters for end-to-end tests: started with `fedplan sandbox up` in a directory of
// their own, read with kubectl, stopped (by PID) and purged when the test ends.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fedplan::e2e {

// Running sandboxes, one per name. The constructor starts them (check ok()); the destructor
// stops them and deletes their files.
class Sandboxes {
 public:
  // `up_flags` go to `fedplan sandbox up` (e.g. {"--no-load-balancer"}, {"--nodes", "2"}).
  Sandboxes(std::vector<std::string> names, std::string dir,
            std::vector<std::string> up_flags = {});
  ~Sandboxes();
  Sandboxes(const Sandboxes&) = delete;
  Sandboxes& operator=(const Sandboxes&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  std::string kubeconfig(const std::string& name) const;
  // MESH1_KUBECONFIG=... for each sandbox, by upper-cased name.
  std::map<std::string, std::string> env() const;

  // `kubectl get KIND NAME -n NAMESPACE -o json`; null when the object does not exist.
  nlohmann::json get(const std::string& cluster, const std::string& kind, const std::string& name,
                     const std::string& ns = "") const;
  // `kubectl get KIND -n NAMESPACE -o json` (every namespace when empty): the items.
  nlohmann::json list(const std::string& cluster, const std::string& kind,
                      const std::string& ns = "") const;
  // Every object of every listable kind, by "KIND/NAMESPACE/NAME", without the fields the
  // server changes by itself (resourceVersion, managedFields, timestamps, status of the
  // operator-played kinds), to compare a cluster before and after.
  std::map<std::string, nlohmann::json> dump(const std::string& cluster) const;

 private:
  std::vector<std::string> names_;
  std::string dir_;
  std::string error_;
};

}  // namespace fedplan::e2e
