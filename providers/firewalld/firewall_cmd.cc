// firewall-cmd argument building and output parsing. The codes and texts it reads are the
// ones recorded from firewalld 1.3 in docs/firewalld-harness.md.
#include "providers/firewalld/firewall_cmd.h"

#include <algorithm>
#include <sstream>

#include "base/quote.h"

namespace fedplan::firewalld {
namespace {

// firewalld's exit codes for its error numbers that matter when stderr says nothing useful.
constexpr int kExitNotRunning = 252;
constexpr int kExitNotAuthorized = 253;
constexpr int kExitSsh = 255;
constexpr int kExitNotFound = 127;

std::vector<std::string> zone_prefix(Layer layer, const std::string& zone) {
  std::vector<std::string> args;
  if (layer == Layer::Permanent) args.push_back("--permanent");
  args.push_back("--zone=" + zone);
  return args;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> lines_of(std::string_view s) {
  std::vector<std::string> out;
  std::string line;
  std::istringstream in{std::string(s)};
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// The last non-empty line of stderr (ssh prints warnings before its error).
std::string last_line(std::string_view s) {
  std::vector<std::string> ls = lines_of(s);
  for (auto it = ls.rbegin(); it != ls.rend(); ++it) {
    std::string t = trim(*it);
    if (!t.empty()) return t;
  }
  return {};
}

// Finds "<prefix>CODE: detail" (or "<prefix>CODE") on a line of stderr.
bool find_coded_line(std::string_view err, std::string_view prefix, std::string* code,
                     std::string* detail) {
  for (const std::string& line : lines_of(err)) {
    if (line.rfind(prefix, 0) != 0) continue;
    std::string rest = line.substr(prefix.size());
    size_t colon = rest.find(':');
    std::string c = trim(rest.substr(0, colon));
    if (c.empty() || c.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") != std::string::npos)
      continue;
    *code = c;
    *detail = colon == std::string::npos ? "" : trim(rest.substr(colon + 1));
    return true;
  }
  return false;
}

std::string strip_quotes(std::string s) {
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') return s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

const char* layer_name(Layer layer) {
  return layer == Layer::Runtime ? "runtime" : "permanent";
}

const char* item_noun(ItemKind kind) {
  switch (kind) {
    case ItemKind::Port:
      return "port";
    case ItemKind::Service:
      return "service";
    case ItemKind::Source:
      return "source";
    case ItemKind::Interface:
      return "interface";
  }
  return "?";
}

std::vector<std::string> item_args(Layer layer, const std::string& zone, ItemKind kind, Verb verb,
                                   const std::string& item) {
  std::vector<std::string> args = zone_prefix(layer, zone);
  const char* verb_text = verb == Verb::Add ? "add" : verb == Verb::Remove ? "remove" : "query";
  args.push_back(std::string("--") + verb_text + "-" + item_noun(kind) + "=" + item);
  return args;
}

std::vector<std::string> items_args(Layer layer, const std::string& zone, ItemKind kind, Verb verb,
                                    const std::vector<std::string>& items) {
  std::vector<std::string> args = zone_prefix(layer, zone);
  for (const std::string& item : items)
    args.push_back(item_args(layer, zone, kind, verb, item).back());
  return args;
}

std::vector<std::string> list_args(Layer layer, const std::string& zone, ItemKind kind) {
  std::vector<std::string> args = zone_prefix(layer, zone);
  args.push_back(std::string("--list-") + item_noun(kind) + "s");
  return args;
}

std::vector<std::string> info_zone_args(Layer layer, const std::string& zone) {
  std::vector<std::string> args;
  if (layer == Layer::Permanent) args.push_back("--permanent");
  args.push_back("--info-zone=" + zone);
  return args;
}

std::vector<std::string> new_zone_args(const std::string& zone) {
  return {"--permanent", "--new-zone=" + zone};
}

std::vector<std::string> delete_zone_args(const std::string& zone) {
  return {"--permanent", "--delete-zone=" + zone};
}

std::vector<std::string> get_description_args(const std::string& zone) {
  return {"--permanent", "--zone=" + zone, "--get-description"};
}

std::vector<std::string> set_description_args(const std::string& zone, const std::string& text) {
  return {"--permanent", "--zone=" + zone, "--set-description=" + text};
}

std::vector<std::string> set_target_args(const std::string& zone, const std::string& target) {
  // firewall-cmd takes REJECT and stores it as %%REJECT%%.
  return {"--permanent", "--zone=" + zone, "--set-target=" + target};
}

std::vector<std::string> reload_args() {
  return {"--reload"};
}

std::vector<std::string> get_zones_args(Layer layer) {
  if (layer == Layer::Permanent) return {"--permanent", "--get-zones"};
  return {"--get-zones"};
}

std::vector<std::string> state_args() {
  return {"--state"};
}

std::string describe_error(const std::string& code, const std::string& detail) {
  std::string d = strip_quotes(detail);
  // A one-word detail is the value itself ("nope"); a longer one is firewalld's own sentence
  // ("Zone 'libvirt': 'nosuch' not among existing services", from --permanent).
  bool word = !d.empty() && d.find(' ') == std::string::npos;
  auto about = [&](const std::string& noun, const std::string& what) {
    return word ? noun + " " + quote(d) + " " + what : noun + " " + what + ": " + d;
  };
  if (code == "INVALID_ZONE") return about("zone", "does not exist");
  if (code == "INVALID_SERVICE") return about("service", "is not defined in firewalld");
  if (code == "INVALID_PORT") return about("port", "is not valid");
  if (code == "INVALID_ADDR") return about("address", "is not valid");
  if (code == "INVALID_PROTOCOL") return "invalid protocol: " + d;
  if (code == "NAME_CONFLICT") return "a zone of that name already exists: " + d;
  if (code == "ZONE_CONFLICT") return "bound to another zone: " + d;
  if (code == "INVALID_INTERFACE") return "interface problem: " + d;
  if (code == "BUILTIN_ZONE") return "a built-in zone cannot be deleted: " + d;
  if (code == "NOT_RUNNING") return "firewalld is not running";
  if (code == "NOT_AUTHORIZED")
    return "not authorized to change firewalld (run as root or set sudo = true)";
  if (detail.empty()) return "firewall-cmd failed";
  return d;
}

CmdOutcome classify(const ProcessResult& r, bool query, bool via_ssh) {
  CmdOutcome o;
  if (!r.error.empty()) {
    o.message = r.error;
    o.code = r.timed_out ? "TIMEOUT" : "";
    o.retryable = r.timed_out;
    return o;
  }
  std::string out = trim(r.out);
  if (query && r.exit_code == 0 && out == "yes") {
    o.status = CmdOutcome::Status::Ok;
    return o;
  }
  if (query && r.exit_code == 1 && out == "no") {
    o.status = CmdOutcome::Status::No;
    return o;
  }
  if (!query && r.exit_code == 0) {
    o.status = CmdOutcome::Status::Ok;
    find_coded_line(r.err, "Warning: ", &o.code, &o.detail);
    return o;
  }
  if (via_ssh && r.exit_code == kExitSsh) {
    o.code = "SSH";
    std::string line = last_line(r.err);
    o.message = "ssh failed: " + (line.empty() ? std::string("exit 255") : line);
    o.retryable = true;
    return o;
  }
  if (find_coded_line(r.err, "Error: ", &o.code, &o.detail)) {
    o.message = describe_error(o.code, o.detail);
    return o;
  }
  if (r.exit_code == kExitNotRunning) {
    o.code = "NOT_RUNNING";
    o.message = describe_error(o.code, "");
    return o;
  }
  if (r.exit_code == kExitNotAuthorized) {
    o.code = "NOT_AUTHORIZED";
    o.message = describe_error(o.code, "");
    return o;
  }
  std::string line = last_line(r.err);
  if (r.exit_code == kExitNotFound) {
    o.message = "firewall-cmd (or sudo) was not found on the host" +
                (line.empty() ? std::string() : ": " + line);
    return o;
  }
  if (query && r.exit_code == 0) {
    o.message = "unexpected answer " + quote(out) + " (expected yes or no)";
    return o;
  }
  o.message = "firewall-cmd exited " + std::to_string(r.exit_code) +
              (line.empty() ? std::string() : ": " + line);
  return o;
}

std::vector<std::optional<CmdOutcome>> classify_items(const ProcessResult& r, ItemKind kind,
                                                      Verb verb,
                                                      const std::vector<std::string>& items,
                                                      bool via_ssh) {
  std::vector<std::optional<CmdOutcome>> outcomes(items.size());
  if (!r.error.empty() || (via_ssh && r.exit_code == kExitSsh)) {
    CmdOutcome failed = classify(r, false, via_ssh);
    for (auto& o : outcomes) o = failed;
    return outcomes;
  }
  if (r.exit_code != 0 || verb == Verb::Query) return outcomes;
  const std::string expected = verb == Verb::Add ? "ALREADY_ENABLED" : "NOT_ENABLED";
  bool other = false;
  for (const std::string& raw : lines_of(r.err)) {
    std::string line = trim(raw);
    if (line.empty()) continue;
    std::string code, detail;
    if (!find_coded_line(line, "Warning: ", &code, &detail) || code != expected) {
      other = true;
      continue;
    }
    // "'31000:tcp' already in 'libvirt'" (runtime) or "31000:tcp" (permanent): the entry is
    // the first word; a port is written PORT:PROTOCOL there and PORT/PROTOCOL in arguments.
    std::string entry = strip_quotes(detail.substr(0, detail.find(' ')));
    if (kind == ItemKind::Port)
      if (size_t colon = entry.rfind(':'); colon != std::string::npos) entry[colon] = '/';
    auto it = std::find(items.begin(), items.end(), entry);
    if (it == items.end() || std::find(it + 1, items.end(), entry) != items.end()) {
      other = true;
      continue;
    }
    CmdOutcome o;
    o.status = CmdOutcome::Status::Ok;
    o.code = code;
    o.detail = detail;
    outcomes[static_cast<size_t>(it - items.begin())] = o;
  }
  if (!other) {
    for (auto& o : outcomes)
      if (!o) o = CmdOutcome{.status = CmdOutcome::Status::Ok};
  }
  return outcomes;
}

std::vector<std::string> parse_list(std::string_view out) {
  std::vector<std::string> words;
  std::istringstream in{std::string(out)};
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

std::string parse_description(std::string_view out) {
  if (!out.empty() && out.back() == '\n') out.remove_suffix(1);
  return std::string(out);
}

std::optional<ZoneInfo> parse_zone_info(std::string_view out) {
  std::vector<std::string> ls = lines_of(out);
  if (ls.empty() || ls[0].empty() || ls[0][0] == ' ') return std::nullopt;
  ZoneInfo info;
  std::string head = trim(ls[0]);
  const std::string active = " (active)";
  if (head.size() > active.size() && head.ends_with(active)) {
    info.active = true;
    head.resize(head.size() - active.size());
  }
  if (head.find(' ') != std::string::npos) return std::nullopt;
  info.name = head;
  bool saw_target = false;
  for (size_t i = 1; i < ls.size(); ++i) {
    const std::string& line = ls[i];
    if (line.rfind("  ", 0) != 0) continue;  // rich rules go on tab-indented lines
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = trim(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    if (key == "target") {
      info.target = trim(value);
      if (info.target == "%%REJECT%%") info.target = "REJECT";
      saw_target = true;
    } else if (key == "interfaces") {
      info.interfaces = parse_list(value);
    } else if (key == "sources") {
      info.sources = parse_list(value);
    } else if (key == "services") {
      info.services = parse_list(value);
    } else if (key == "ports") {
      info.ports = parse_list(value);
    } else if (key == "protocols") {
      info.protocols = parse_list(value);
    }
  }
  if (!saw_target) return std::nullopt;
  return info;
}

bool ports_cover(const std::vector<std::string>& entries, const PortRange& port,
                 const std::string& protocol) {
  for (const std::string& e : entries) {
    size_t slash = e.find('/');
    if (slash == std::string::npos || e.substr(slash + 1) != protocol) continue;
    std::optional<PortRange> r = parse_port_range(std::string_view(e).substr(0, slash), nullptr);
    if (r && r->contains(port)) return true;
  }
  return false;
}

}  // namespace fedplan::firewalld
