// A TokenSource over a token file (kubeconfig tokenFile, the in-cluster service-account token):
// read again whenever the file changes, since kubelet rotates projected tokens in place.
#pragma once

#include <string>

#include "base/kube/access.h"

namespace fedplan::kube {

// Reads `path` at once (false and *err when it cannot) and returns a source that reads it again
// when its size, inode or modification time changed, or when the server rejected its token. `what`
// names the setting in errors ("user \"u\": tokenFile").
bool file_token_source(const std::string& path, const std::string& what, TokenSource* out,
                       std::string* err);

}  // namespace fedplan::kube
