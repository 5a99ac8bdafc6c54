// The firewalld provider's transports: argv for local firewall-cmd and for ssh, the provider
// block's checks, a limit on parallel runs, and the error diagnostic for a failed run.
#include "providers/firewalld/transport.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "base/parallel.h"
#include "providers/firewalld/firewalld_values.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"

namespace fedplan::firewalld {
namespace {

// ssh waits this long for the TCP connection before giving up (exit 255).
constexpr int kSshConnectTimeoutSeconds = 10;

// The command as a user would type it: words quoted only where a shell needs it (shell_quote
// also quotes '=', which reads badly in --zone=libvirt).
std::string display_command(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    bool bare = !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             (c != '\0' && std::strchr("_-./:,@%+=", c) != nullptr);
    });
    out += (out.empty() ? "" : " ") + (bare ? w : shell_quote(w));
  }
  return out;
}

bool whole_in(double n, double lo, double hi) {
  return n >= lo && n <= hi && std::floor(n) == n;
}

}  // namespace

Diagnostics parse_transport_config(const Value& config, TransportConfig* out) {
  Diagnostics d;
  sdk::Attrs a(config, &d);
  TransportConfig c;
  // Only `validate` sees unknown values: which checks apply depends on the transport.
  if (a.unknown("transport")) return d;
  std::string transport = a.str("transport").value_or("local");
  if (transport == "ssh") {
    c.kind = TransportConfig::Kind::Ssh;
  } else if (transport != "local") {
    sdk::invalid_value(d, "transport", transport, "must be \"local\" or \"ssh\"");
    return d;
  }
  std::optional<std::string> host = a.str("host");
  std::optional<std::vector<std::string>> hosts = a.strings("hosts");
  std::optional<std::string> user = a.str("user");
  std::optional<double> port = a.number("port");
  std::optional<std::string> identity = a.str("identity_file");
  std::optional<std::string> known_hosts = a.str("known_hosts");
  std::optional<std::string> ssh_command = a.str("ssh_command");

  if (c.kind == TransportConfig::Kind::Local) {
    for (const char* name :
         {"host", "hosts", "user", "port", "identity_file", "known_hosts", "ssh_command"}) {
      if (a.has(name))
        d.error("\"" + std::string(name) + "\" needs transport = \"ssh\"",
                "The local transport runs firewall-cmd on this machine; \"" + std::string(name) +
                    "\" only means something over ssh.");
    }
  } else {
    if (host && hosts) {
      d.error("Both \"host\" and \"hosts\" are set", "Use \"host\" for one host or \"hosts\".");
    } else if (host) {
      c.hosts = {*host};
    } else if (hosts) {
      c.hosts = *hosts;
    }
    if (c.hosts.empty() && !d.has_errors() && !a.unknown("host") && !a.unknown("hosts"))
      d.error("The ssh transport needs a host",
              "Set host = \"NAME\" or hosts = [\"A\", \"B\"] in the provider block.");
    std::set<std::string> seen;
    for (const std::string& h : c.hosts) {
      if (std::string why = check_ssh_host(h); !why.empty())
        sdk::invalid_value(d, host ? "host" : "hosts", h, why);
      else if (!seen.insert(h).second)
        sdk::invalid_value(d, "hosts", h, "is listed twice");
    }
    if (user) {
      if (std::string why = check_ssh_user(*user); !why.empty())
        sdk::invalid_value(d, "user", *user, why);
      c.user = *user;
    }
    if (port) {
      if (!whole_in(*port, 1, 65535))
        sdk::invalid_value(d, "port", format_number(*port), "must be a whole number 1 to 65535");
      else
        c.port = static_cast<int>(*port);
    }
    auto path = [&](const char* name, const std::optional<std::string>& v, std::string* dst) {
      if (!v) return;
      if (std::string why = check_file_path(*v); !why.empty()) sdk::invalid_value(d, name, *v, why);
      *dst = *v;
    };
    path("identity_file", identity, &c.identity_file);
    path("known_hosts", known_hosts, &c.known_hosts);
    path("ssh_command", ssh_command, &c.ssh_command);
  }
  if (std::optional<std::string> fw = a.str("firewall_cmd")) {
    if (std::string why = check_file_path(*fw); !why.empty())
      sdk::invalid_value(d, "firewall_cmd", *fw, why);
    c.firewall_cmd = *fw;
  }
  c.sudo = a.boolean("sudo").value_or(false);
  if (std::optional<double> mp = a.number("max_parallel")) {
    if (!whole_in(*mp, 1, 64))
      sdk::invalid_value(d, "max_parallel", format_number(*mp), "must be a whole number 1 to 64");
    else
      c.max_parallel = static_cast<int>(*mp);
  }
  if (std::optional<double> t = a.number("timeout")) {
    if (!(*t > 0 && *t <= 3600))
      sdk::invalid_value(d, "timeout", format_number(*t), "must be 0 < seconds <= 3600");
    else
      c.timeout = std::chrono::milliseconds(static_cast<long>(*t * 1000));
  }
  if (!d.has_errors()) *out = std::move(c);
  return d;
}

std::string host_label(const TransportConfig& config, const std::string& host) {
  if (config.kind == TransportConfig::Kind::Local) return "local";
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return (config.user.empty() ? "" : config.user + "@") + h + ":" + std::to_string(config.port);
}

std::vector<std::string> transport_argv(const TransportConfig& config, const std::string& host,
                                        const std::vector<std::string>& args) {
  std::vector<std::string> cmd;
  if (config.sudo) cmd = {"sudo", "-n", "--"};
  cmd.push_back(config.firewall_cmd);
  cmd.insert(cmd.end(), args.begin(), args.end());
  if (config.kind == TransportConfig::Kind::Local) return cmd;

  std::vector<std::string> argv = {config.ssh_command,
                                   "-o",
                                   "BatchMode=yes",
                                   "-o",
                                   "StrictHostKeyChecking=yes",
                                   "-o",
                                   "ConnectTimeout=" + std::to_string(kSshConnectTimeoutSeconds),
                                   "-p",
                                   std::to_string(config.port)};
  if (!config.user.empty()) argv.insert(argv.end(), {"-l", config.user});
  if (!config.identity_file.empty())
    argv.insert(argv.end(), {"-i", config.identity_file, "-o", "IdentitiesOnly=yes"});
  if (!config.known_hosts.empty())
    argv.insert(argv.end(), {"-o", "UserKnownHostsFile=" + config.known_hosts});
  // "--" ends ssh's options; the host was checked not to start with '-' as well.
  argv.insert(argv.end(), {"--", host, shell_join(cmd)});
  return argv;
}

void Limiter::acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return free_ > 0; });
  --free_;
}

void Limiter::release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++free_;
  }
  cv_.notify_one();
}

Transport::Transport(std::shared_ptr<ProcessRunner> runner, TransportConfig config)
    : runner_(std::move(runner)), config_(std::move(config)), limiter_(config_.max_parallel) {
  hosts_ =
      config_.kind == TransportConfig::Kind::Local ? std::vector<std::string>{""} : config_.hosts;
}

CmdRun Transport::run(const std::string& host, const std::vector<std::string>& args,
                      bool query) const {
  limiter_.acquire();
  CmdRun r = run_in_slot(host, args, query);
  limiter_.release();
  return r;
}

CmdRun Transport::run_in_slot(const std::string& host, const std::vector<std::string>& args,
                              bool query) const {
  CmdRun r;
  r.host = host;
  r.label = label(host);
  std::vector<std::string> shown = {"firewall-cmd"};
  shown.insert(shown.end(), args.begin(), args.end());
  r.command = display_command(shown);
  ProcessRequest req;
  req.argv = transport_argv(config_, host, args);
  req.timeout = config_.timeout;
  req.max_output_bytes = 4 * 1024 * 1024;
  r.result = runner_->run(req);
  r.outcome = classify(r.result, query, config_.kind == TransportConfig::Kind::Ssh);
  return r;
}

// Entries queued for one firewall-cmd run, and what it answered for each.
struct ItemBatch {
  std::vector<std::string> items;
  std::vector<CmdRun> runs;
  bool done = false;
  std::condition_variable cv;
};

size_t Transport::queued_entries() const {
  std::lock_guard<std::mutex> lock(batch_mu_);
  return queued_;
}

CmdRun Transport::change_item(const std::string& host, Layer layer, const std::string& zone,
                              ItemKind kind, Verb verb, const std::string& item) const {
  constexpr size_t kMaxBatchItems = 64;
  const std::string key = host + '\n' + layer_name(layer) + '\n' + zone + '\n' + item_noun(kind) +
                          (verb == Verb::Add ? "\nadd" : "\nremove");
  std::unique_lock<std::mutex> lock(batch_mu_);
  if (auto open = open_batches_.find(key); open != open_batches_.end()) {
    std::shared_ptr<ItemBatch> b = open->second;
    const std::vector<std::string>& queued = b->items;
    // The same entry twice in one run would leave its second answer unplaced: a new batch.
    if (queued.size() < kMaxBatchItems &&
        std::find(queued.begin(), queued.end(), item) == queued.end()) {
      size_t index = b->items.size();
      b->items.push_back(item);
      ++queued_;
      b->cv.wait(lock, [&] { return b->done; });
      return b->runs[index];
    }
  }
  auto b = std::make_shared<ItemBatch>();
  b->items.push_back(item);
  ++queued_;
  open_batches_[key] = b;
  lock.unlock();
  limiter_.acquire();  // while every slot is busy, others queue their entries in `b`
  lock.lock();
  if (auto open = open_batches_.find(key); open != open_batches_.end() && open->second == b)
    open_batches_.erase(open);
  std::vector<std::string> items = b->items;  // closed: nobody joins from here on
  queued_ -= items.size();
  lock.unlock();
  std::vector<CmdRun> runs = run_batch(host, layer, zone, kind, verb, items);
  limiter_.release();
  lock.lock();
  b->runs = std::move(runs);
  b->done = true;
  b->cv.notify_all();
  return b->runs[0];
}

std::vector<CmdRun> Transport::run_batch(const std::string& host, Layer layer,
                                         const std::string& zone, ItemKind kind, Verb verb,
                                         const std::vector<std::string>& items) const {
  if (items.size() == 1)
    return {run_in_slot(host, item_args(layer, zone, kind, verb, items[0]), false)};
  CmdRun all = run_in_slot(host, items_args(layer, zone, kind, verb, items), false);
  std::vector<std::optional<CmdOutcome>> told =
      classify_items(all.result, kind, verb, items, config_.kind == TransportConfig::Kind::Ssh);
  std::vector<CmdRun> runs;
  for (size_t i = 0; i < items.size(); ++i) {
    if (told[i]) {
      CmdRun r = all;
      r.outcome = *told[i];
      runs.push_back(std::move(r));
      continue;
    }
    // Uncertain: alone it fails as it did, or answers ALREADY_ENABLED / NOT_ENABLED because
    // the run of several did it (a warning naming it would have made it certain).
    CmdRun alone = run_in_slot(host, item_args(layer, zone, kind, verb, items[i]), false);
    if (alone.outcome.ok() &&
        (alone.outcome.code == "ALREADY_ENABLED" || alone.outcome.code == "NOT_ENABLED") &&
        all.result.exit_code == 0) {
      alone.outcome.code.clear();
      alone.outcome.detail.clear();
    }
    runs.push_back(std::move(alone));
  }
  return runs;
}

void Transport::for_each_host(const std::function<void(size_t)>& fn) const {
  // A thread per host: the limiter, not this, caps how many firewall-cmd run at once.
  parallel_for(hosts_.size(), hosts_.size(), fn);
}

Diagnostic& add_run_error(Diagnostics& diags, const CmdRun& run, const std::string& action) {
  const CmdOutcome& o = run.outcome;
  std::string summary = "firewalld on " + run.label + ": " + o.message;
  if (!o.code.empty() && o.code != "SSH" && o.code != "TIMEOUT") summary += " (" + o.code + ")";
  std::string detail = "While " + action + ".\nCommand: " + run.command;
  if (!run.result.err.empty() && o.code.empty()) detail += "\nstderr: " + run.result.err;
  while (!detail.empty() && detail.back() == '\n') detail.pop_back();
  return diags.error(summary, detail);
}

}  // namespace fedplan::firewalld
