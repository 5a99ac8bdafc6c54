// The seed's stage order in an apply's events, shared by the federation end-to-end tests.
#include "tests/e2e/support/stage_order.h"

#include <doctest/doctest.h>

#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

namespace {

// The federation module's addresses of the two meshes (examples/*-two-cluster).
const std::string kControlPlane = "module.federation.module.control_plane";
const std::string kPeering = "module.federation.module.peering";

}  // namespace

void check_stage_order(const std::vector<std::pair<std::string, std::string>>& ev) {
  int cp_a =
      event_index(ev, kControlPlane + "[\"mesh1\"].kube_object.control_plane", "Creation complete");
  int cp_b =
      event_index(ev, kControlPlane + "[\"mesh2\"].kube_object.control_plane", "Creation complete");
  REQUIRE(cp_a >= 0);
  REQUIRE(cp_b >= 0);
  for (const char* peering : {"[\"mesh1->mesh2\"]", "[\"mesh2->mesh1\"]"}) {
    std::string p = kPeering + peering;
    int ca = event_index(ev, p + ".kube_object.ca_root_cert", "Creation complete");
    int peer = event_index(ev, p + ".kube_object.peer", "Creating...");
    INFO(peering);
    REQUIRE(ca >= 0);
    REQUIRE(peer >= 0);
    CHECK(cp_a < peer);  // control planes before peers
    CHECK(cp_b < peer);
    CHECK(ca < peer);  // peers after the CA ConfigMaps exist
  }
  int last_federation = -1;
  for (size_t i = 0; i < ev.size(); ++i)
    if (ev[i].first.rfind("module.federation.", 0) == 0 && ev[i].second == "Creation complete")
      last_federation = static_cast<int>(i);
  int bookinfo = event_index(ev, "module.bookinfo_mesh*", "Creating...");
  REQUIRE(bookinfo >= 0);
  CHECK(last_federation < bookinfo);
}

}  // namespace fedplan::e2e
