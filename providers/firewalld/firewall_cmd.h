// firewall-cmd as pure functions: the arguments of each command the provider runs, and the
// reading of its answers (yes/no, lists, --info-zone, Error:/Warning: codes, exit codes).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/process.h"
#include "providers/firewalld/firewalld_values.h"

namespace fedplan::firewalld {

// firewalld keeps two configurations: the running one and the one loaded at start/--reload.
enum class Layer { Runtime, Permanent };
const char* layer_name(Layer layer);  // "runtime" | "permanent"

// The entries of a zone that are added, removed and queried one at a time.
enum class ItemKind { Port, Service, Source, Interface };
const char* item_noun(ItemKind kind);  // "port", "service", "source", "interface"

enum class Verb { Add, Remove, Query };

// Arguments after the program name; every value is one argv element of the form --opt=VALUE.
// ["--permanent"] ["--zone=Z", "--add-port=31000/tcp"]
std::vector<std::string> item_args(Layer layer, const std::string& zone, ItemKind kind, Verb verb,
                                   const std::string& item);
// The same for several entries at once, as one run: [... "--add-port=31000/tcp",
// "--add-port=31001/udp"].
std::vector<std::string> items_args(Layer layer, const std::string& zone, ItemKind kind, Verb verb,
                                    const std::vector<std::string>& items);
std::vector<std::string> list_args(Layer layer, const std::string& zone, ItemKind kind);
std::vector<std::string> info_zone_args(Layer layer, const std::string& zone);
std::vector<std::string> new_zone_args(const std::string& zone);
std::vector<std::string> delete_zone_args(const std::string& zone);
std::vector<std::string> get_description_args(const std::string& zone);
std::vector<std::string> set_description_args(const std::string& zone, const std::string& text);
std::vector<std::string> set_target_args(const std::string& zone, const std::string& target);
std::vector<std::string> reload_args();
// The zones of one configuration (`[--permanent] --get-zones`), and whether firewalld runs.
std::vector<std::string> get_zones_args(Layer layer);
std::vector<std::string> state_args();

// What one run of firewall-cmd came to.
struct CmdOutcome {
  enum class Status { Ok, No, Failed };
  Status status = Status::Failed;
  // Failed: firewalld's error code (INVALID_ZONE, NOT_RUNNING, ...), "SSH" for an ssh failure,
  // "" when unknown. Ok: the warning code if there was one (ALREADY_ENABLED, NOT_ENABLED).
  std::string code;
  std::string detail;   // what followed the code on stderr ("nosuchzone")
  std::string message;  // Failed: a sentence for the user ("zone \"nope\" does not exist")
  bool retryable = false;

  bool ok() const { return status == Status::Ok; }
  bool failed() const { return status == Status::Failed; }
};

// Reads a finished run. `query`: exit 1 with "no" on stdout is an answer, not a failure.
// `via_ssh`: exit 255 is ssh's own failure.
CmdOutcome classify(const ProcessResult& result, bool query, bool via_ssh);

// Reads a finished run of items_args (Add or Remove): what it tells of each item, in order.
// firewall-cmd goes on past a failed item of a run of several, printing the error as a warning,
// so an outcome is given only where the answer is certain: every item Failed as the run did
// when it never reached firewalld (a spawn failure, a timeout, ssh's exit 255); Ok, with
// ALREADY_ENABLED (Add) or NOT_ENABLED (Remove) where a warning names the item ('31000:tcp'
// at runtime, 31000:tcp permanently, 'http'); Ok for the rest when nothing else was printed.
// nullopt for an item it leaves uncertain (another warning, or a non-zero exit, which means
// every item failed): the caller runs that item alone to learn its fate, knowing that if the
// run of several succeeded for it, the run alone answers ALREADY_ENABLED / NOT_ENABLED.
std::vector<std::optional<CmdOutcome>> classify_items(const ProcessResult& result, ItemKind kind,
                                                      Verb verb,
                                                      const std::vector<std::string>& items,
                                                      bool via_ssh);

// The user-facing sentence for an error code and its detail ("zone \"nope\" does not exist").
std::string describe_error(const std::string& code, const std::string& detail);

// Whitespace-separated words of a --list-* answer ("\n" is the empty list).
std::vector<std::string> parse_list(std::string_view out);

// The answer of --get-description: the text without its one trailing newline.
std::string parse_description(std::string_view out);

// The answer of --info-zone, the keys the provider uses.
struct ZoneInfo {
  std::string name;
  bool active = false;  // "(active)" after the name
  std::string target;   // "%%REJECT%%" is reported as "REJECT", as --get-target does
  std::vector<std::string> interfaces, sources, services, ports, protocols;
};
std::optional<ZoneInfo> parse_zone_info(std::string_view out);

// Whether a --list-ports answer opens `port`/`protocol`, exactly or inside a range (as
// --query-port answers it).
bool ports_cover(const std::vector<std::string>& entries, const PortRange& port,
                 const std::string& protocol);

}  // namespace fedplan::firewalld
