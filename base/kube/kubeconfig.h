// Kubeconfig loading as kubectl (client-go's clientcmd) does it: the files of KUBECONFIG merged,
// a context, cluster and user chosen, resolved to the ClusterAccess that reaches the cluster.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/env_lookup.h"
#include "base/kube/access.h"
#include "base/process.h"

namespace fedplan::kube {

// The access of the chosen context, or an error that names the file, line and field.
struct KubeconfigResult {
  ClusterAccess access;
  std::string error;

  bool ok() const { return error.empty(); }
};

// What to use of the merged files, as kubectl's --context, --cluster and --user: "" takes
// current-context, and the context's cluster and user.
struct KubeconfigSelection {
  std::string context;
  std::string cluster;
  std::string user;
};

// What loading uses besides the files. The defaults are the real ones.
struct KubeconfigOptions {
  EnvLookup env = process_env();  // HOME (for ~), HTTPS_PROXY, HTTP_PROXY, NO_PROXY
  // Runs exec plugins; null: an exec user is an error (for the fuzzer).
  std::shared_ptr<ProcessRunner> runner = std::make_shared<SubprocessRunner>();
  Clock* clock = nullptr;  // when exec credentials expire; null: the system clock
};

// Loads and resolves the kubeconfig files `paths`, in order, merged by client-go's rules: the
// first file to define a cluster, user or context name (or to set current-context) wins, and
// paths inside a file are relative to that file's directory, `~` expanded. With `must_exist`
// every file must be readable (an explicit path); without, missing files are skipped (as
// KUBECONFIG's entries are). Files named by the chosen cluster and user are read here, and an
// exec plugin runs once here, so every problem shows at configure time.
KubeconfigResult load_kubeconfig_files(const std::vector<std::string>& paths, bool must_exist,
                                       const KubeconfigSelection& selection,
                                       const KubeconfigOptions& options = {});

// The files of a kubeconfig setting: one path (which must exist: *must_exist is set), or a
// KUBECONFIG-style list "a:b:c" (split on ':', empty entries and repeats dropped; missing files
// are skipped when loading, as kubectl skips them). `~` is expanded in each.
std::vector<std::string> kubeconfig_paths(const std::string& setting, const EnvLookup& env,
                                          bool* must_exist);

// Parses kubeconfig `text` read from `path` (used in messages and to resolve relative file
// paths against its directory) and resolves `context` ("" = current-context).
KubeconfigResult parse_kubeconfig(const std::string& text, const std::string& path,
                                  const std::string& context,
                                  const KubeconfigOptions& options = {});

// Reads the one file `path` (which must exist) and resolves `context`.
KubeconfigResult load_kubeconfig(const std::string& path, const std::string& context,
                                 const KubeconfigOptions& options = {});

// The proxy environment variables as Go reads them (HTTPS_PROXY before https_proxy, ...).
ProxySettings proxy_from_env(const EnvLookup& env);

}  // namespace fedplan::kube
