// Sandboxes for end-to-end tests: `fedplan sandbox up --clusters a,b --dir D` (each sandbox a
// process of its own, stopped by PID with `down --purge`), read through real kubectl.
#include "tests/e2e/support/sandboxes.h"

#include <algorithm>
#include <sstream>

#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

nlohmann::json parse_or_null(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

// Fields that change on their own and say nothing about what a configuration made.
void strip_volatile(nlohmann::json& o) {
  if (!o.is_object()) return;
  if (o.contains("metadata")) {
    nlohmann::json& m = o["metadata"];
    for (const char* f : {"resourceVersion", "managedFields", "creationTimestamp", "generation",
                          "uid", "deletionTimestamp"})
      m.erase(f);
    if (m.contains("annotations")) {
      m["annotations"].erase("kubectl.kubernetes.io/last-applied-configuration");
      if (m["annotations"].empty()) m.erase("annotations");
    }
  }
  o.erase("status");
}

}  // namespace

Sandboxes::Sandboxes(std::vector<std::string> names, std::string dir,
                     std::vector<std::string> up_flags)
    : names_(std::move(names)), dir_(std::move(dir)) {
  std::vector<std::string> argv = {fedplan_binary(),  "sandbox", "up", "--clusters",
                                   join(names_, ","), "--dir",   dir_, "--bin",
                                   sandbox_binary()};
  argv.insert(argv.end(), up_flags.begin(), up_flags.end());
  Run r = run_program(argv, {}, std::chrono::seconds(60));
  if (r.exit_code != 0) error_ = "fedplan sandbox up failed: " + r.all();
}

Sandboxes::~Sandboxes() {
  run_program({fedplan_binary(), "sandbox", "down", "--dir", dir_, "--purge"}, {},
              std::chrono::seconds(60));
}

std::string Sandboxes::kubeconfig(const std::string& name) const {
  return dir_ + "/" + name + ".kubeconfig";
}

std::map<std::string, std::string> Sandboxes::env() const {
  std::map<std::string, std::string> out;
  for (const std::string& n : names_) {
    std::string upper = n;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    out[upper + "_KUBECONFIG"] = kubeconfig(n);
  }
  return out;
}

nlohmann::json Sandboxes::get(const std::string& cluster, const std::string& kind,
                              const std::string& name, const std::string& ns) const {
  std::vector<std::string> argv = {
      "kubectl", "--kubeconfig", kubeconfig(cluster), "get", kind, name, "-o", "json"};
  if (!ns.empty()) argv.insert(argv.end(), {"-n", ns});
  Run r = run_program(argv);
  if (r.exit_code != 0) return nullptr;
  return parse_or_null(r.out);
}

nlohmann::json Sandboxes::list(const std::string& cluster, const std::string& kind,
                               const std::string& ns) const {
  std::vector<std::string> argv = {"kubectl", "--kubeconfig", kubeconfig(cluster), "get", kind,
                                   "-o",      "json"};
  if (ns.empty())
    argv.push_back("-A");
  else
    argv.insert(argv.end(), {"-n", ns});
  nlohmann::json j = parse_or_null(run_program(argv).out);
  return j.is_object() && j.contains("items") ? j["items"] : nlohmann::json::array();
}

std::map<std::string, nlohmann::json> Sandboxes::dump(const std::string& cluster) const {
  std::map<std::string, nlohmann::json> out;
  Run kinds = run_program({"kubectl", "--kubeconfig", kubeconfig(cluster), "api-resources",
                           "--verbs=list", "-o", "name"});
  std::vector<std::string> names;
  std::istringstream in(kinds.out);
  for (std::string l; std::getline(in, l);)
    if (!l.empty() && l != "events" && l != "events.events.k8s.io" &&
        l != "leases.coordination.k8s.io")
      names.push_back(l);
  if (names.empty()) return out;
  Run all = run_program({"kubectl", "--kubeconfig", kubeconfig(cluster), "get", join(names, ","),
                         "-A", "-o", "json"});
  nlohmann::json list = parse_or_null(all.out);
  if (!list.contains("items")) {
    out["error"] = all.all();
    return out;
  }
  for (nlohmann::json item : list["items"]) {
    std::string key = item.value("kind", "") + "/" + item["metadata"].value("namespace", "") + "/" +
                      item["metadata"].value("name", "");
    strip_volatile(item);
    out[key] = std::move(item);
  }
  return out;
}

}  // namespace fedplan::e2e
