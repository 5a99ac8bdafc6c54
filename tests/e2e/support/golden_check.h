// The golden checks of the federation end-to-end tests: each object of a config-poc file, its
// {{VARS}} filled in, must be held by the live object of the same kind and name.
#pragma once

#include <map>
#include <string>

#include "tests/e2e/support/sandboxes.h"

namespace fedplan::e2e {

// Checks (doctest CHECKs) that every document of config-poc/`rel`, filled in with `vars`, is
// held by the live object on `cluster`, read at the API version the document names; in
// namespace `ns` when given (it replaces the document's own).
void check_golden(const Sandboxes& sb, const std::string& cluster, const std::string& rel,
                  const std::map<std::string, std::string>& vars, const std::string& ns = "");

// The seed's objects on both meshes for the given placeholders: SMCP (`smcp_file`: smcp.yaml
// or smcp-bare-metal.yaml), SMMR, peer CA ConfigMaps, ServiceMeshPeers (mesh2's from
// `import_peer_file`: servicemeshpeer.yaml or servicemeshpeer-bare-metal.yaml), export and
// import sets, the mongodb alias Service, bookinfo on both sides (its database on mesh1 only)
// and the two example VirtualServices.
void check_seed_objects(const Sandboxes& sb, const std::string& smcp_file,
                        const std::string& import_peer_file,
                        const std::map<std::string, std::string>& vars);

}  // namespace fedplan::e2e
