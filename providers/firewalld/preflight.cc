// Plan-time checks of the firewalld hosts (see preflight.h): one --state per host and one
// --get-zones per host and layer per plan, with every failure said once and named.
#include "providers/firewalld/preflight.h"

#include "base/quote.h"

namespace fedplan::firewalld {

Diagnostics Preflight::check_hosts() {
  std::lock_guard<std::mutex> lock(mu_);
  Diagnostics d;
  if (hosts_checked_) return d;
  hosts_checked_ = true;
  const std::vector<std::string>& hosts = transport_.hosts();
  std::vector<CmdRun> runs(hosts.size());
  transport_.for_each_host(
      [&](size_t i) { runs[i] = transport_.run(hosts[i], state_args(), false); });
  host_ok_.assign(hosts.size(), true);
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].outcome.failed()) continue;
    host_ok_[i] = false;
    const bool ssh = runs[i].outcome.code == "SSH";
    d.error(
        "firewalld on " + runs[i].label + " is not reachable at plan time",
        "`" + runs[i].command + "` failed: " + runs[i].outcome.message +
            ". Apply would open the ports on the other hosts and stop here, half-applied. " +
            (ssh ? "Check the host, the port, identity_file and known_hosts of the provider "
                   "block (ssh runs with BatchMode, so a key that needs a passphrase fails)."
                 : "Start firewalld (systemctl start firewalld) or fix firewall_cmd/sudo in the "
                   "provider block."));
  }
  return d;
}

void Preflight::zone_planned(const std::string& zone) {
  std::lock_guard<std::mutex> lock(mu_);
  planned_zones_.insert(zone);
}

bool Preflight::zones_of(size_t i, Layer layer, std::set<std::string>** out, std::string* err) {
  auto key = std::make_pair(i, layer);
  auto it = zones_.find(key);
  if (it == zones_.end()) {
    CmdRun run = transport_.run(transport_.hosts()[i], get_zones_args(layer), false);
    if (run.outcome.failed()) {
      *err = "`" + run.command + "` on " + run.label + " failed: " + run.outcome.message;
      return false;
    }
    std::vector<std::string> words = parse_list(run.result.out);
    it = zones_.emplace(key, std::set<std::string>(words.begin(), words.end())).first;
  }
  *out = &it->second;
  return true;
}

Diagnostics Preflight::check_zone(const std::string& type, const std::string& zone,
                                  const ItemLayers& layers) {
  std::lock_guard<std::mutex> lock(mu_);
  Diagnostics d;
  if (planned_zones_.count(zone) || reported_zones_.count(zone)) return d;
  const std::vector<std::string>& hosts = transport_.hosts();
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (i < host_ok_.size() && !host_ok_[i]) continue;  // already reported as unreachable
    for (Layer layer : {Layer::Runtime, Layer::Permanent}) {
      if (!layers.in(layer)) continue;
      std::set<std::string>* zones = nullptr;
      std::string err;
      if (!zones_of(i, layer, &zones, &err)) {
        reported_zones_.insert(zone);
        d.error("Cannot list the zones of firewalld on " + transport_.label(hosts[i]),
                err + ". The plan cannot tell whether zone " + quote(zone) + " exists.");
        return d;
      }
      if (zones->count(zone)) continue;
      reported_zones_.insert(zone);
      d.error(
          "Zone " + quote(zone) + " does not exist on firewalld host " + transport_.label(hosts[i]),
          type + " opens its entries in zone " + quote(zone) + " (" + layer_name(layer) +
              " configuration), which " + transport_.label(hosts[i]) +
              " does not have; apply would fail there with INVALID_ZONE. Create it with a "
              "firewalld_zone resource and refer to it (zone = firewalld_zone.NAME.name) so "
              "it is planned first, or name a zone the host has.");
      return d;
    }
  }
  return d;
}

}  // namespace fedplan::firewalld
