// Whether an imported service still resolves to a reachable peer endpoint, followed link by link
// through the objects the clusters hold (OSSM 2 federation or OSSM 3 manual discovery).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/support/sandboxes.h"

namespace fedplan::e2e {

// Every object the checker looks at, per cluster name: hand-made in unit tests, or read with
// kubectl from sandboxes (read_mesh_objects).
using MeshObjects = std::map<std::string, std::vector<nlohmann::json>>;

// The answer for one client namespace and one host: reachable, or the first broken link.
struct Reachability {
  bool reachable = false;
  std::string mesh;      // "OSSM 2 (mesh2-system)" or "OSSM 3 (revision default)"
  std::string peer;      // the cluster whose gateway answers
  std::string endpoint;  // ADDRESS:PORT the client's mesh sends to
  std::string service;   // NAMESPACE/NAME of the Service on the peer
  std::string broken;    // "CLUSTER: what is missing", empty when reachable
};

// Which mesh serves namespace `ns` of `cluster`, as the injectors decide: OSSM 2 when the
// namespace carries maistra.io/member-of (the member roll's label) and not
// maistra.io/ignore-namespace; OSSM 3 when it carries istio.io/rev=REV (or, without
// istio.io/rev, istio-injection=enabled for revision "default") and that IstioRevision is
// Ready. Both at once is an error, as both webhooks would inject a sidecar and the pod would
// not start. Returns "ossm2:CP_NAMESPACE", "ossm3:REVISION", or "" with `why` set.
std::string serving_mesh(const MeshObjects& objs, const std::string& cluster, const std::string& ns,
                         std::string* why);

// Follows the chain from a client in `client_ns` on `cluster` to `host` (e.g.
// ratings.mesh2-bookinfo.svc.mesh1-imports.local), through the mesh serving the namespace.
Reachability check_reachability(const MeshObjects& objs, const std::string& cluster,
                                const std::string& client_ns, const std::string& host);

// Reads, with kubectl, the kinds the checker needs from each named sandbox.
MeshObjects read_mesh_objects(const Sandboxes& sb, const std::vector<std::string>& clusters);

}  // namespace fedplan::e2e
