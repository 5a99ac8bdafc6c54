// Resource, drift and output lines in Terraform's words: the heading per action, the reason
// comment per action_reason, and the block with the value diff.
#include "engine/render/change_lines.h"

#include <algorithm>

#include "engine/render/value_diff.h"

namespace fedplan {
namespace {

DiffLine block_open(Action marker, const InstanceAddr& addr) {
  const ResourceAddr& r = addr.resource;
  std::string kind = r.mode == ResourceMode::Data ? "data" : "resource";
  return DiffLine::body(0, marker, kind + " \"" + r.type + "\" \"" + r.name + "\" {");
}

void append_note(const std::string& note, DiffLines* out) {
  size_t start = 0;
  while (start < note.size()) {
    size_t end = note.find('\n', start);
    if (end == std::string::npos) end = note.size();
    out->push_back(DiffLine::comment(note.substr(start, end - start)));
    start = end + 1;
  }
}

}  // namespace

std::vector<const ResourceChange*> displayed_changes(const Plan& plan) {
  std::vector<const ResourceChange*> out;
  for (const ResourceChange& ch : plan.changes) {
    if (ch.action == Action::NoOp && !ch.previous_addr && !ch.importing) continue;
    if (ch.mode() == ResourceMode::Data && ch.action != Action::Read) continue;
    out.push_back(&ch);
  }
  std::stable_sort(out.begin(), out.end(), [](const ResourceChange* a, const ResourceChange* b) {
    return a->addr < b->addr;
  });
  return out;
}

std::vector<const OutputChange*> displayed_outputs(const Plan& plan) {
  std::vector<const OutputChange*> out;
  for (const OutputChange& o : plan.outputs)
    if (o.action != Action::NoOp) out.push_back(&o);
  std::stable_sort(out.begin(), out.end(),
                   [](const OutputChange* a, const OutputChange* b) { return a->name < b->name; });
  return out;
}

std::string change_heading(const ResourceChange& ch) {
  std::string addr = ch.addr.to_string();
  if (!ch.deposed.empty()) addr += " (deposed object " + ch.deposed + ")";
  switch (ch.action) {
    case Action::Create: {
      // A create that takes over an object already there (the provider planned `adopt` true).
      const Value* adopt = ch.after.is_mapping() ? ch.after.get("adopt") : nullptr;
      bool adopting =
          adopt && adopt->known() && adopt->kind() == ValueKind::Bool && adopt->as_bool();
      return addr + (adopting ? " will be adopted" : " will be created");
    }
    case Action::Read:
      return addr + " will be read during apply";
    case Action::Update:
      return addr + " will be updated in-place";
    case Action::DeleteThenCreate:
    case Action::CreateThenDelete:
      if (ch.reason == ActionReason::ReplaceByRequest)
        return addr + " will be replaced, as requested";
      if (ch.reason == ActionReason::ReplaceBecauseTainted)
        return addr + " is tainted, so must be replaced";
      return addr + " must be replaced";
    case Action::Delete:
      return addr + " will be destroyed";
    case Action::Forget:
      return addr + " will no longer be managed by fedplan";
    case Action::NoOp:
      if (ch.importing) return addr + " will be imported";
      if (ch.previous_addr) return ch.previous_addr->to_string() + " has moved to " + addr;
      break;
  }
  return addr + " has no changes";
}

std::string reason_text(const ResourceChange& ch) {
  switch (ch.reason) {
    case ActionReason::DeleteBecauseNoResourceConfig:
      return "(because " + ch.addr.resource.local_string() + " is not in configuration)";
    case ActionReason::DeleteBecauseNoModule:
      return "(because " + ch.addr.resource.module.to_string() + " is not in configuration)";
    case ActionReason::DeleteBecauseCountIndex:
      return "(because index " + ch.addr.key.to_string() + " is out of range for count)";
    case ActionReason::DeleteBecauseEachKey:
      return "(because key " + ch.addr.key.to_string() + " is not in for_each map)";
    case ActionReason::DeleteBecauseWrongRepetition:
      switch (ch.addr.key.kind) {
        case InstanceKey::Kind::None:
          return "(because resource uses count or for_each)";
        case InstanceKey::Kind::Int:
          return "(because resource does not use count)";
        case InstanceKey::Kind::String:
          return "(because resource does not use for_each)";
      }
      return "";
    case ActionReason::ReadBecauseConfigUnknown:
      return "(config refers to values not yet known)";
    case ActionReason::ReadBecauseDependencyPending:
      return "(depends on a resource or a module with changes pending)";
    case ActionReason::None:
    case ActionReason::ReplaceBecauseCannotUpdate:
    case ActionReason::ReplaceByRequest:
    case ActionReason::ReplaceBecauseTainted:
      return "";
  }
  return "";
}

DiffLines resource_change_lines(const ResourceChange& ch) {
  DiffLines out;
  out.push_back(DiffLine::heading(change_heading(ch)));
  std::string reason = reason_text(ch);
  if (!reason.empty()) out.push_back(DiffLine::comment(reason));
  // Terraform's notes under a heading that says something else.
  if (ch.previous_addr && ch.action != Action::NoOp)
    out.push_back(DiffLine::comment("(moved from " + ch.previous_addr->to_string() + ")"));
  if (ch.importing && ch.action != Action::NoOp)
    out.push_back(DiffLine::comment("(imported from \"" + *ch.importing + "\")"));
  if (ch.action == Action::Forget)
    out.push_back(
        DiffLine::comment("(because of a removed block with lifecycle.destroy = false: "
                          "the object itself stays as it is)"));
  append_note(ch.note, &out);
  out.push_back(block_open(ch.action, ch.addr));
  static const Value kNull;
  switch (ch.action) {
    case Action::Create:
    case Action::Read:
      diff_object_body(kNull, ch.after, DiffOp::Add, 1, ch.replace_paths, &out);
      break;
    case Action::Delete:
      diff_object_body(ch.before, kNull, DiffOp::Remove, 1, ch.replace_paths, &out);
      break;
    case Action::Update:
    case Action::DeleteThenCreate:
    case Action::CreateThenDelete:
    case Action::NoOp:
      diff_object_body(ch.before, ch.after, DiffOp::Change, 1, ch.replace_paths, &out);
      break;
    case Action::Forget:
      diff_object_body(ch.before, ch.before, DiffOp::Change, 1, ch.replace_paths, &out);
      break;
  }
  out.push_back(DiffLine::body(0, Action::NoOp, "}"));
  return out;
}

DiffLines drift_lines(const Drift& d) {
  DiffLines out;
  bool gone = d.live.is_null();
  std::string addr = d.addr.to_string();
  // A create a killed run began: the read says whether it made the object, now fedplan's.
  const char* what = d.pending ? (gone ? " was not made by the killed run that began creating it"
                                       : " was made by a killed run, and fedplan now manages it")
                               : (gone ? " has been deleted" : " has changed");
  out.push_back(DiffLine::heading(addr + what));
  out.push_back(block_open(gone ? Action::Delete : Action::Update, d.addr));
  static const std::vector<ValuePath> kNone;
  if (gone)
    diff_object_body(d.recorded, Value(), DiffOp::Remove, 1, kNone, &out);
  else
    diff_object_body(d.recorded, d.live, DiffOp::Change, 1, kNone, &out);
  out.push_back(DiffLine::body(0, Action::NoOp, "}"));
  return out;
}

DiffLines output_change_lines(const Plan& plan) {
  std::vector<DiffEntry> entries;
  for (const OutputChange* o : displayed_outputs(plan)) {
    DiffEntry e;
    e.name = o->name;
    e.before = o->sensitive ? o->before.mark_sensitive() : o->before;
    e.after = o->sensitive ? o->after.mark_sensitive() : o->after;
    switch (o->action) {
      case Action::Create:
        e.op = DiffOp::Add;
        break;
      case Action::Delete:
        e.op = DiffOp::Remove;
        break;
      default:
        e.op = DiffOp::Change;
        break;
    }
    entries.push_back(std::move(e));
  }
  DiffLines out;
  diff_entries(entries, 0, &out);
  return out;
}

std::string counts_text(const Plan::Counts& c) {
  return (c.import ? std::to_string(c.import) + " to import, " : "") + std::to_string(c.add) +
         " to add, " + std::to_string(c.change) + " to change, " + std::to_string(c.destroy) +
         " to destroy" + (c.forget ? ", " + std::to_string(c.forget) + " to forget" : "");
}

std::string applied_counts_text(int imported, int added, int changed, int destroyed, bool destroy) {
  if (destroy) return std::to_string(destroyed) + " destroyed.";
  return (imported ? std::to_string(imported) + " imported, " : "") + std::to_string(added) +
         " added, " + std::to_string(changed) + " changed, " + std::to_string(destroyed) +
         " destroyed.";
}

}  // namespace fedplan
