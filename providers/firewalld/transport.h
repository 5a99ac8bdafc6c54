// How the firewalld provider reaches firewall-cmd: on this machine, or over ssh on one host or
// many. Builds the argv for each (no shell locally; shell_quote'd words for the remote shell).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/process.h"
#include "lang/value.h"
#include "providers/firewalld/firewall_cmd.h"

namespace fedplan::firewalld {

// The provider block, validated.
struct TransportConfig {
  enum class Kind { Local, Ssh };
  Kind kind = Kind::Local;
  std::vector<std::string> hosts;  // ssh: one or more; local: empty
  std::string user;                // ssh -l; empty: ssh's own default
  int port = 22;
  std::string identity_file;                  // ssh -i, with IdentitiesOnly
  std::string known_hosts;                    // ssh UserKnownHostsFile
  bool sudo = false;                          // prefix firewall-cmd with `sudo -n --`
  int max_parallel = 4;                       // firewall-cmd runs at a time, across every caller
  std::string firewall_cmd = "firewall-cmd";  // path (or PATH name) on the host that runs it
  std::string ssh_command = "ssh";            // the local ssh client
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};  // per command
};

// Reads and checks the provider block into `out`. configure() and validate_config() both call
// it; unknown values (only `validate` has them) skip the checks that need them.
Diagnostics parse_transport_config(const Value& config, TransportConfig* out);

// Where a command runs, for messages: "local" or "user@host:port" ("[::1]:22" for IPv6).
std::string host_label(const TransportConfig& config, const std::string& host);

// The argv that runs firewall-cmd with `args` on `host` ("" for the local transport).
//   local: [sudo -n --] firewall-cmd ARGS...
//   ssh:   ssh -o BatchMode=yes ... [-p P] [-l U] [-i K] -- HOST 'firewall-cmd' 'ARG'...
// Over ssh the last element is one command line for the remote shell, every word quoted.
std::vector<std::string> transport_argv(const TransportConfig& config, const std::string& host,
                                        const std::vector<std::string>& args);

// Bounds concurrent runs; shared by every thread that calls the provider.
class Limiter {
 public:
  explicit Limiter(int slots) : free_(slots < 1 ? 1 : slots) {}
  void acquire();
  void release();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

// One finished firewall-cmd run.
struct CmdRun {
  std::string host;     // as configured ("" for local)
  std::string label;    // host_label()
  std::string command;  // "firewall-cmd --zone=libvirt --add-port=31000/tcp", for messages
  ProcessResult result;
  CmdOutcome outcome;
};

struct ItemBatch;

// Runs firewall-cmd on the configured hosts through a ProcessRunner. Thread-safe.
class Transport {
 public:
  Transport(std::shared_ptr<ProcessRunner> runner, TransportConfig config);

  const TransportConfig& config() const { return config_; }
  // The hosts every resource is applied on: the ssh hosts, or one "" for local.
  const std::vector<std::string>& hosts() const { return hosts_; }
  std::string label(const std::string& host) const { return host_label(config_, host); }

  // `query`: the command answers yes/no (exit 1 + "no" is then an answer).
  CmdRun run(const std::string& host, const std::vector<std::string>& args, bool query) const;

  // Adds or removes one entry in one configuration of a zone on `host` (Verb Add or Remove),
  // answering as run() of item_args would. Callers doing the same verb to the same zone, layer
  // and host at the same time share one firewall-cmd (group commit: a run takes every entry
  // that queued while it waited for a free slot, up to 64), so N ports opened at once cost a
  // few processes instead of N. An entry whose fate the shared run leaves uncertain is run
  // again alone (classify_items).
  CmdRun change_item(const std::string& host, Layer layer, const std::string& zone, ItemKind kind,
                     Verb verb, const std::string& item) const;

  // Entries queued in batches that have not started yet (for tests and progress).
  size_t queued_entries() const;

  // Calls fn(i) for every host index; several hosts run in parallel threads.
  void for_each_host(const std::function<void(size_t)>& fn) const;

 private:
  std::shared_ptr<ProcessRunner> runner_;
  TransportConfig config_;
  std::vector<std::string> hosts_;
  mutable Limiter limiter_;
  mutable std::mutex batch_mu_;
  // The batch still open to joiners, by host, layer, zone, kind and verb.
  mutable std::map<std::string, std::shared_ptr<ItemBatch>> open_batches_;
  mutable size_t queued_ = 0;  // entries of batches not started yet

  // run() without the limiter: the caller holds a slot.
  CmdRun run_in_slot(const std::string& host, const std::vector<std::string>& args,
                     bool query) const;
  // One batch's entries, in a slot: one run for all, then alone the uncertain ones.
  std::vector<CmdRun> run_batch(const std::string& host, Layer layer, const std::string& zone,
                                ItemKind kind, Verb verb,
                                const std::vector<std::string>& items) const;
};

// The error for a failed run: "firewalld on HOST: MESSAGE (CODE)", with what was being done
// (`action`, e.g. "opening port libvirt/31000/tcp (runtime)") and the command in the detail.
Diagnostic& add_run_error(Diagnostics& diags, const CmdRun& run, const std::string& action);

}  // namespace fedplan::firewalld
