// Plan helpers: action names in Terraform's spelling, counts for the summary line.
// The planner that builds a Plan lives in planner.cc.
#include "engine/plan/plan.h"

namespace fedplan {

const char* action_name(Action a) {
  switch (a) {
    case Action::NoOp:
      return "no-op";
    case Action::Create:
      return "create";
    case Action::Read:
      return "read";
    case Action::Update:
      return "update";
    case Action::DeleteThenCreate:
      return "delete-create";
    case Action::CreateThenDelete:
      return "create-delete";
    case Action::Delete:
      return "delete";
    case Action::Forget:
      return "forget";
  }
  return "?";
}

const char* action_reason_name(ActionReason r) {
  switch (r) {
    case ActionReason::None:
      return "";
    case ActionReason::ReplaceBecauseCannotUpdate:
      return "replace_because_cannot_update";
    case ActionReason::ReplaceByRequest:
      return "replace_by_request";
    case ActionReason::ReplaceBecauseTainted:
      return "replace_because_tainted";
    case ActionReason::DeleteBecauseNoResourceConfig:
      return "delete_because_no_resource_config";
    case ActionReason::DeleteBecauseNoModule:
      return "delete_because_no_module";
    case ActionReason::DeleteBecauseCountIndex:
      return "delete_because_count_index";
    case ActionReason::DeleteBecauseEachKey:
      return "delete_because_each_key";
    case ActionReason::DeleteBecauseWrongRepetition:
      return "delete_because_wrong_repetition";
    case ActionReason::ReadBecauseConfigUnknown:
      return "read_because_config_unknown";
    case ActionReason::ReadBecauseDependencyPending:
      return "read_because_dependency_pending";
  }
  return "";
}

bool is_replace(Action a) {
  return a == Action::DeleteThenCreate || a == Action::CreateThenDelete;
}

Plan::Counts Plan::counts() const {
  Counts c;
  for (const ResourceChange& ch : changes) {
    if (ch.mode() == ResourceMode::Data) {
      if (ch.action == Action::Read) ++c.read;
      continue;
    }
    if (ch.importing) ++c.import;
    switch (ch.action) {
      case Action::Create:
        ++c.add;
        break;
      case Action::Update:
        ++c.change;
        break;
      case Action::Delete:
        ++c.destroy;
        break;
      case Action::DeleteThenCreate:
      case Action::CreateThenDelete:
        ++c.add;
        ++c.destroy;
        break;
      case Action::Forget:
        ++c.forget;
        break;
      default:
        break;
    }
  }
  return c;
}

bool Plan::has_changes() const {
  if (refresh_only) return !drift.empty();
  for (const ResourceChange& ch : changes) {
    if (ch.action != Action::NoOp && ch.action != Action::Read) return true;
    if (ch.previous_addr || ch.importing) return true;
  }
  for (const OutputChange& o : outputs)
    if (o.action != Action::NoOp) return true;
  return false;
}

}  // namespace fedplan

namespace fedplan {

const char* check_status_name(CheckStatus s) {
  switch (s) {
    case CheckStatus::Pass:
      return "pass";
    case CheckStatus::Fail:
      return "fail";
    case CheckStatus::Error:
      return "error";
    case CheckStatus::Unknown:
      break;
  }
  return "unknown";
}

std::string CheckResult::address() const {
  return module.root() ? "check." + name : module.to_string() + ".check." + name;
}

}  // namespace fedplan
