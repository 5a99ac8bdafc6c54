// Shared pieces of plan, apply and destroy: flags, backend, durations, confirmation.
// Address flags are parsed here so a typo is reported before anything is loaded.
#include "cli/run.h"

#include <istream>
#include <ostream>

#include "base/duration.h"

namespace fedplan {

void add_plan_flags(po::options_description& flags, bool with_out_and_format) {
  flags.add_options()("target", po::value<std::vector<std::string>>()->composing(),
                      "Limit the plan to ADDR and what it depends on (repeatable).")(
      "replace", po::value<std::vector<std::string>>()->composing(),
      "Plan to replace the instance ADDR (repeatable).")(
      "refresh", po::value<std::string>()->default_value("true"),
      "-refresh=false skips reading live state first.")(
      "refresh-only", po::bool_switch(),
      "Only update the state to match the live objects: show the drift, propose no change.")(
      "destroy", po::bool_switch(), "Plan to destroy everything in the state.")(
      "parallelism", po::value<int>()->default_value(10),
      "Provider calls in flight at once (plan and apply).")(
      "lock", po::value<std::string>()->default_value("true"), "-lock=false skips the state lock.")(
      "lock-timeout", po::value<std::string>()->default_value("0s"),
      "How long to wait for the state lock (e.g. 30s).")(
      "state", po::value<std::string>(), "The state file (default DIR/fedplan.state.json).")(
      "json", po::bool_switch(), "Stream Terraform's machine-readable UI: one JSON object a line.");
  add_backend_flags(flags);
  if (with_out_and_format) {
    flags.add_options()("out", po::value<std::string>(), "Save the plan to FILE for apply.")(
        "format", po::value<std::string>()->default_value("text"), "text, markdown or json.")(
        "detailed-exitcode", po::bool_switch(),
        "Exit 2 when the plan has changes (0 none, 1 error).");
  }
}

bool plan_options(const po::variables_map& vm, PlanOptions* out, CliContext& ctx) {
  out->destroy = vm["destroy"].as<bool>();
  const std::string& refresh = vm["refresh"].as<std::string>();
  if (refresh != "true" && refresh != "false") {
    ctx.err << "Error: -refresh takes true or false, got \"" << refresh << "\".\n";
    return false;
  }
  out->refresh = refresh == "true";
  out->refresh_only = vm["refresh-only"].as<bool>();
  if (out->refresh_only && (out->destroy || !out->refresh)) {
    ctx.err << "Error: -refresh-only cannot be used with "
            << (out->destroy ? "-destroy" : "-refresh=false")
            << ": a refresh-only plan reads the live objects and changes nothing else.\n";
    return false;
  }
  out->parallelism = vm["parallelism"].as<int>();
  if (out->parallelism < 1) {
    ctx.err << "Error: -parallelism must be at least 1, got " << out->parallelism << ".\n";
    return false;
  }
  if (vm.count("target")) {
    for (const std::string& t : vm["target"].as<std::vector<std::string>>()) {
      std::string err;
      auto addr = parse_target(t, &err);
      if (!addr) {
        ctx.err << "Error: invalid -target address: " << err << "\n";
        return false;
      }
      out->targets.push_back(*addr);
    }
  }
  if (vm.count("replace")) {
    for (const std::string& r : vm["replace"].as<std::vector<std::string>>()) {
      std::string err;
      auto addr = parse_instance(r, &err);
      if (!addr) {
        ctx.err << "Error: invalid -replace address: " << err << "\n";
        return false;
      }
      out->replace.push_back(*addr);
    }
  }
  return true;
}

OpenedBackend open_backend_or_report(const po::variables_map& vm, const std::string& dir,
                                     Clock& clock, CliContext& ctx,
                                     LockRecordForExit* exit_record) {
  Diagnostics diags;
  SourceFiles sources;
  OpenedBackend opened = open_backend(vm, dir, clock, ctx, &sources, diags, exit_record);
  print_diagnostics(ctx, diags, &sources, use_color(vm, ctx));
  if (diags.has_errors()) return {};
  return opened;
}

std::optional<std::chrono::milliseconds> lock_timeout(const po::variables_map& vm,
                                                      CliContext& ctx) {
  auto timeout = parse_duration(vm["lock-timeout"].as<std::string>());
  if (!timeout) ctx.err << "Error: -lock-timeout takes a duration like 30s or 2m.\n";
  return timeout;
}

LockedState::LockedState(const po::variables_map& vm, const std::string& dir,
                         const std::string& operation, std::chrono::milliseconds timeout,
                         CliContext& ctx, SourceFiles* sources, Diagnostics& diags)
    : opened_(open_backend(vm, dir, clock_, ctx, sources, diags, ctx.lock_record)) {
  if (!opened_) return;
  lock_.emplace(*opened_.backend, operation, timeout, clock_, diags,
                vm["lock"].as<std::string>() != "false");
  if (lock_->held()) state_ = opened_->read(diags);
}

const char* const kApproveAdvice =
    "  Run with -auto-approve, or save the plan with `fedplan plan -out FILE` and\n"
    "  apply that file after reviewing it.\n";

bool confirm(CliContext& ctx, const std::string& question, const std::string& detail,
             const std::string& advice) {
  if (!ctx.in_is_terminal) {
    ctx.err << "Error: " << question
            << "\n  fedplan needs a \"yes\" to go on, but standard input is not a terminal.\n"
            << advice;
    return false;
  }
  ctx.out << question << "\n  " << detail << "\n  Only 'yes' will be accepted to approve.\n\n"
          << "  Enter a value: " << std::flush;
  std::string answer;
  std::getline(ctx.in, answer);
  ctx.out << "\n";
  return answer == "yes";
}

}  // namespace fedplan
