// Plan-time checks of what apply will need from the firewalld hosts: firewalld answers on every
// host (so ssh, its key and sudo work) and the zones that ports and services name exist there.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "providers/firewalld/transport.h"
#include "providers/firewalld/zone_item.h"

namespace fedplan::firewalld {

// One per configured provider, shared by the planner's threads. Each problem is reported once,
// to the first plan that meets it: the plan fails on that error, later plans stay quiet.
class Preflight {
 public:
  explicit Preflight(const Transport& transport) : transport_(transport) {}

  // `firewall-cmd --state` on every host, once.
  Diagnostics check_hosts();
  // A firewalld_zone resource plans `zone` into existence: ports in it need not find it.
  void zone_planned(const std::string& zone);
  // The zone must exist on every host in the layers the item is written to, or be planned by
  // a firewalld_zone resource (planned first when the item refers to it).
  Diagnostics check_zone(const std::string& type, const std::string& zone,
                         const ItemLayers& layers);

 private:
  // The zones of `layer` on host index `i`, read once; false with `err` when unreadable.
  bool zones_of(size_t i, Layer layer, std::set<std::string>** out, std::string* err);

  const Transport& transport_;
  std::mutex mu_;
  bool hosts_checked_ = false;
  std::vector<bool> host_ok_;
  std::set<std::string> planned_zones_;
  std::map<std::pair<size_t, Layer>, std::set<std::string>> zones_;
  std::set<std::string> reported_zones_;
};

}  // namespace fedplan::firewalld
