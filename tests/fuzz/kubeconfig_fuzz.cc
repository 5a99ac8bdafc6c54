// libFuzzer target for the kubeconfig reader: parses the input as a kubeconfig and resolves
// its current context and a context named "a", as the kube provider does at configure time.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/kube/kubeconfig.h"

// Files the input names are read: relative ones from an empty scratch directory, and inputs
// that name devices or kernel files (a FIFO or /dev/zero would block or never end) are skipped.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char dir[] = "/tmp/fedplan-kubeconfig-fuzz-XXXXXX";
  if (mkdtemp(dir) == nullptr || chdir(dir) != 0) abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (std::string_view special : {"/dev", "/proc", "/sys", "/run"})
    if (text.find(special) != std::string::npos) return 0;
  // No environment, and no runner: an exec user is an error instead of a program run.
  fedplan::kube::KubeconfigOptions options;
  options.env = fedplan::env_from_map({});
  options.runner = nullptr;
  for (const char* context : {"", "a"}) {
    fedplan::kube::KubeconfigResult r =
        fedplan::kube::parse_kubeconfig(text, "config", context, options);
    (void)r.ok();
  }
  return 0;
}
