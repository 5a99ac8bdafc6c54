// The seed's stage order, checked in an apply's progress lines by every federation end-to-end
// test: control planes and CAs before peers, the federation before bookinfo.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace fedplan::e2e {

// The seed's stage order in an apply's events: on each mesh, both control planes are Ready
// and the peer's CA ConfigMap exists before its ServiceMeshPeer is created; the federation is
// complete before bookinfo starts.
void check_stage_order(const std::vector<std::pair<std::string, std::string>>& events);

}  // namespace fedplan::e2e
