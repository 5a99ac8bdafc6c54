// The fake firewall-cmd: the option parsing, state changes and answers of firewalld 1.3 for
// the commands the provider uses, behind a fake local run or a fake ssh.
#include "providers/firewalld/testing/fake_firewall.h"

#include <algorithm>

namespace fedplan::firewalld::testing {
namespace {

ProcessResult exit_with(int code, std::string out, std::string err = {}) {
  ProcessResult r;
  r.exit_code = code;
  r.out = std::move(out);
  r.err = std::move(err);
  return r;
}

ProcessResult success(std::string warning = {}) {
  return exit_with(0, "success\n", warning.empty() ? "" : "Warning: " + warning + "\n");
}

ProcessResult error(int code, const std::string& text) {
  return exit_with(code, "", "Error: " + text + "\n");
}

ProcessResult usage(const std::string& what) {
  return exit_with(2, "",
                   "usage: 'firewall-cmd --help' for usage information or see firewall-cmd(1) "
                   "man page\n" +
                       what + "\n");
}

std::string basename_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool parse_port(const std::string& text, int* lo, int* hi) {
  auto num = [](const std::string& s, int* n) {
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos)
      return false;
    *n = std::stoi(s);
    return *n >= 1 && *n <= 65535;
  };
  size_t dash = text.find('-');
  if (dash == std::string::npos) return num(text, lo) && num(text, hi);
  return num(text.substr(0, dash), lo) && num(text.substr(dash + 1), hi) && *lo <= *hi;
}

const std::set<std::string>& known_services() {
  static const std::set<std::string> s = {"dhcp",  "dhcpv6", "dns", "http",
                                          "https", "mdns",   "ssh", "tftp"};
  return s;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::string join(const std::set<std::string>& v) {
  return join(std::vector(v.begin(), v.end()));
}

}  // namespace

bool FakeFirewall::split_shell_words(const std::string& line, std::vector<std::string>* words) {
  words->clear();
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ') {
      if (in_word) words->push_back(cur);
      cur.clear();
      in_word = false;
    } else if (c == '\'') {
      size_t end = line.find('\'', i + 1);
      if (end == std::string::npos) return false;
      cur += line.substr(i + 1, end - i - 1);
      i = end;
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 >= line.size() || line[i + 1] != '\'') return false;
      cur += '\'';
      ++i;
      in_word = true;
    } else {
      bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  std::string("_-./:,@%+").find(c) != std::string::npos;
      if (!safe) return false;  // a shell would give this character a meaning
      cur += c;
      in_word = true;
    }
  }
  if (in_word) words->push_back(cur);
  return true;
}

FakeHost& FakeFirewall::host_locked(const std::string& name) {
  auto it = hosts_.find(name);
  if (it != hosts_.end()) return it->second;
  FakeHost h;
  h.zones["public"] = FakeZone{};
  FakeZone libvirt;
  libvirt.target = "ACCEPT";
  libvirt.runtime.services = libvirt.permanent.services = {"ssh"};
  h.zones["libvirt"] = libvirt;
  return hosts_[name] = h;
}

FakeHost& FakeFirewall::host(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  return host_locked(name);
}

std::vector<FakeCall> FakeFirewall::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

size_t FakeFirewall::call_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_.size();
}

void FakeFirewall::clear_calls() {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.clear();
}

bool FakeFirewall::port_open(const std::string& host, const std::string& zone,
                             const std::string& port, bool permanent) {
  std::lock_guard<std::mutex> lock(mu_);
  FakeHost& h = host_locked(host);
  auto it = h.zones.find(zone);
  if (it == h.zones.end()) return false;
  const auto& ports = permanent ? it->second.permanent.ports : it->second.runtime.ports;
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

ProcessResult FakeFirewall::run(const ProcessRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  FakeCall call;
  call.argv = request.argv;
  std::vector<std::string> words = request.argv;
  if (words.empty()) return exit_with(-1, "", "");
  if (basename_of(words[0]).find("ssh") != std::string::npos) {
    size_t i = 1;
    while (i < words.size() && words[i] != "--") {
      static const std::set<std::string> with_value = {"-o", "-p", "-l", "-i"};
      if (!with_value.count(words[i]) || i + 1 >= words.size())
        return exit_with(255, "", "fake ssh: unexpected argument " + words[i] + "\n");
      i += 2;
    }
    if (i + 3 != words.size()) return exit_with(255, "", "fake ssh: want -- HOST COMMAND\n");
    call.host = words[i + 1];
    if (!split_shell_words(words[i + 2], &call.words)) {
      calls_.push_back(call);
      return exit_with(2, "", "fake ssh: a shell would interpret this line\n");
    }
  } else {
    call.host = "local";
    call.words = words;
  }
  calls_.push_back(call);
  FakeHost& h = host_locked(call.host);
  if (h.ssh_down)
    return exit_with(255, "",
                     "ssh: connect to host " + call.host + " port 22: Connection refused\r\n");
  std::vector<std::string> w = call.words;
  if (!w.empty() && w[0] == "sudo") {
    if (w.size() < 3 || w[1] != "-n" || w[2] != "--") return exit_with(1, "", "sudo: usage\n");
    w.erase(w.begin(), w.begin() + 3);
  }
  if (w.empty() || basename_of(w[0]) != "firewall-cmd")
    return exit_with(127, "", "sh: 1: " + (w.empty() ? std::string() : w[0]) + ": not found\n");
  w.erase(w.begin());
  if (!h.running) {
    bool state = w.size() == 1 && w[0] == "--state";
    return exit_with(252, "", state ? "not running\n" : "FirewallD is not running\n");
  }
  return firewall_cmd(h, w);
}

ProcessResult FakeFirewall::firewall_cmd(FakeHost& h, const std::vector<std::string>& args) {
  bool permanent = false;
  std::string zone = "public";
  std::vector<std::pair<std::string, std::string>> actions;  // action, value
  for (const std::string& a : args) {
    if (a == "--permanent") {
      permanent = true;
    } else if (a.rfind("--zone=", 0) == 0) {
      zone = a.substr(7);
    } else if (a.rfind("--", 0) == 0 &&
               (actions.empty() || a.rfind("--" + actions[0].first + "=", 0) == 0)) {
      size_t eq = a.find('=');
      actions.emplace_back(a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2),
                           eq == std::string::npos ? "" : a.substr(eq + 1));
    } else {
      return usage("firewall-cmd: error: unrecognized arguments: " + a);
    }
  }
  if (actions.empty()) return usage("no action");
  if (actions.size() == 1)
    return firewall_action(h, permanent, zone, actions[0].first, actions[0].second);
  // A sequence (--add-port=A --add-port=B): firewall-cmd goes on past failures, printing each
  // error as a warning, and fails only when every item did (command.py __cmd_sequence).
  const std::string& action = actions[0].first;
  if (action.rfind("add-", 0) != 0 && action.rfind("remove-", 0) != 0)
    return usage("firewall-cmd: error: unrecognized arguments: --" + action);
  std::string err;
  int failures = 0;
  std::vector<int> codes;
  for (const auto& [a, value] : actions) {
    ProcessResult one = firewall_action(h, permanent, zone, a, value);
    std::string text = one.err;
    if (text.rfind("Error: ", 0) == 0) text = "Warning: " + text.substr(7);
    err += text;
    if (one.exit_code == 0 && one.err.empty()) continue;
    ++failures;
    int code = one.exit_code;
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  if (failures < static_cast<int>(actions.size()) ||
      std::find(codes.begin(), codes.end(), 0) != codes.end())
    return exit_with(0, "success\n", err);
  return exit_with(codes.size() == 1 ? codes[0] : 254, "", err);
}

ProcessResult FakeFirewall::firewall_action(FakeHost& h, bool permanent, const std::string& zone,
                                            const std::string& action, const std::string& value) {
  if (action == "state") return exit_with(0, "running\n");
  if (action == "get-zones") {
    std::string out;
    for (const auto& [name, z] : h.zones) {
      if (!(permanent ? z.in_permanent : z.in_runtime)) continue;
      out += (out.empty() ? "" : " ") + name;
    }
    return exit_with(0, out + "\n");
  }
  if (action == "reload") {
    for (auto it = h.zones.begin(); it != h.zones.end();) {
      if (!it->second.in_permanent) {
        it = h.zones.erase(it);
        continue;
      }
      it->second.in_runtime = true;
      it->second.runtime = it->second.permanent;
      ++it;
    }
    return success();
  }
  if (action == "new-zone") {
    if (!permanent) return usage("Option can be used only with --permanent.");
    auto it = h.zones.find(value);
    if (it != h.zones.end() && it->second.in_permanent)
      return error(26, "NAME_CONFLICT: new_zone(): '" + value + "'");
    if (value.size() > 17) return error(116, "INVALID_NAME: name too long");
    FakeZone z;
    z.in_runtime = it != h.zones.end() && it->second.in_runtime;
    h.zones[value] = z;
    return success();
  }
  if (action == "delete-zone") {
    auto it = h.zones.find(value);
    if (!permanent) return usage("Option can be used only with --permanent.");
    if (it == h.zones.end() || !it->second.in_permanent)
      return error(112, "INVALID_ZONE: " + value);
    it->second.in_permanent = false;
    if (!it->second.in_runtime) h.zones.erase(it);
    return success();
  }
  std::string zone_name = action == "info-zone" ? value : zone;
  auto zit = h.zones.find(zone_name);
  if (zit == h.zones.end() || !(permanent ? zit->second.in_permanent : zit->second.in_runtime))
    return error(112, "INVALID_ZONE: " + zone_name);
  FakeZone& z = zit->second;
  FakeZoneLayer& layer = permanent ? z.permanent : z.runtime;
  if (action == "info-zone") {
    std::string out = zone_name + "\n  target: " + z.target +
                      "\n  icmp-block-inversion: no\n  interfaces: " + join(layer.interfaces) +
                      "\n  sources: " + join(layer.sources) +
                      "\n  services: " + join(layer.services) + "\n  ports: " + join(layer.ports) +
                      "\n  protocols: \n  forward: no\n  masquerade: no\n  forward-ports: \n"
                      "  source-ports: \n  icmp-blocks: \n  rich rules: \n";
    return exit_with(0, out);
  }
  if (action == "get-description" || action == "set-description" || action == "set-target") {
    if (!permanent) return usage("Option can be used only with --permanent.");
    if (action == "get-description") return exit_with(0, z.description + "\n");
    if (action == "set-description") {
      z.description = value;
      return success();
    }
    if (value != "default" && value != "ACCEPT" && value != "DROP" && value != "REJECT" &&
        value != "%%REJECT%%")
      return error(110, "INVALID_TARGET: " + value);
    z.target = value == "REJECT" ? "%%REJECT%%" : value;
    return success();
  }
  size_t dash = action.find('-');
  std::string verb = action.substr(0, dash);
  std::string noun = dash == std::string::npos ? "" : action.substr(dash + 1);
  if (verb == "list") {
    if (noun == "ports") return exit_with(0, join(layer.ports) + "\n");
    if (noun == "services") return exit_with(0, join(layer.services) + "\n");
    if (noun == "sources") return exit_with(0, join(layer.sources) + "\n");
    if (noun == "interfaces") return exit_with(0, join(layer.interfaces) + "\n");
    return usage("unknown list " + noun);
  }
  if (verb != "add" && verb != "remove" && verb != "query") return usage("unknown " + action);
  const std::string where = permanent ? "" : " in '" + zone_name + "'";
  if (noun == "port") {
    size_t slash = value.find('/');
    int lo = 0, hi = 0;
    std::string proto = slash == std::string::npos ? "" : value.substr(slash + 1);
    if (proto != "tcp" && proto != "udp" && proto != "sctp" && proto != "dccp")
      return error(103, "INVALID_PROTOCOL: '" + proto + "' not in {'tcp'|'udp'|'sctp'|'dccp'}");
    if (!parse_port(value.substr(0, slash), &lo, &hi))
      return error(102, "INVALID_PORT: " + value.substr(0, slash));
    auto found = std::find(layer.ports.begin(), layer.ports.end(), value);
    std::string shown = value.substr(0, slash) + ":" + proto;
    if (!permanent) shown = "'" + shown + "'";
    if (verb == "query") {
      for (const std::string& p : layer.ports) {
        size_t s = p.find('/');
        int plo = 0, phi = 0;
        if (p.substr(s + 1) == proto && parse_port(p.substr(0, s), &plo, &phi) && plo <= lo &&
            hi <= phi)
          return exit_with(0, "yes\n");
      }
      return exit_with(1, "no\n");
    }
    if (verb == "add") {
      if (found != layer.ports.end())
        return success("ALREADY_ENABLED: " + shown + (permanent ? "" : " already" + where));
      layer.ports.push_back(value);
      return success();
    }
    if (found == layer.ports.end())
      return success("NOT_ENABLED: " + shown + (permanent ? "" : " not" + where));
    layer.ports.erase(found);
    return success();
  }
  std::set<std::string>* set = nullptr;
  if (noun == "service") {
    set = &layer.services;
    if (!known_services().count(value))
      return error(101, permanent ? "INVALID_SERVICE: Zone '" + zone_name + "': '" + value +
                                        "' not among existing services"
                                  : "INVALID_SERVICE: " + value);
  } else if (noun == "source") {
    set = &layer.sources;
    if (value.find_first_of(".:") == std::string::npos) return error(105, "INVALID_ADDR: " + value);
  } else if (noun == "interface") {
    set = &layer.interfaces;
  } else {
    return usage("unknown " + action);
  }
  if (verb == "query") return set->count(value) ? exit_with(0, "yes\n") : exit_with(1, "no\n");
  if (verb == "add") {
    if (set->count(value)) return success("ALREADY_ENABLED: " + value);
    for (auto& [other_name, other] : h.zones) {
      if (other_name == zone_name) continue;
      const FakeZoneLayer& ol = permanent ? other.permanent : other.runtime;
      if (noun == "source" && ol.sources.count(value))
        return error(18, "ZONE_CONFLICT: '" + value + "' already bound to a zone");
      if (noun == "interface" && ol.interfaces.count(value))
        return error(104, "INVALID_INTERFACE: Zone '" + zone_name + "': interface '" + value +
                              "' already bound to zone '" + other_name + "'");
    }
    set->insert(value);
    return success();
  }
  if (!set->count(value)) return success("NOT_ENABLED: " + value);
  set->erase(value);
  return success();
}

}  // namespace fedplan::firewalld::testing
