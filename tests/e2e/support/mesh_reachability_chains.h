// The two chains the reachability checker follows, one per mesh generation; each answers with
// the first broken link (check_reachability picks the chain by the mesh serving the client).
#pragma once

#include <string>

#include "tests/e2e/support/mesh_reachability.h"

namespace fedplan::e2e::reach {

// OSSM 2: the client's control plane namespace `cp` imports `host` from a federated peer.
Reachability ossm2_chain(const MeshObjects& objs, const std::string& cluster, const std::string& cp,
                         const std::string& host);

// OSSM 3 manual discovery: revision `revision` serves `client_ns`, which reaches `host`
// through a ServiceEntry, its WorkloadEntries and the peer's east-west gateway.
Reachability ossm3_chain(const MeshObjects& objs, const std::string& cluster,
                         const std::string& revision, const std::string& client_ns,
                         const std::string& host);

}  // namespace fedplan::e2e::reach
