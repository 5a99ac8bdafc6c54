// The machine-readable UI's messages and `validate -json`, in the shapes Terraform 1.x prints
// (UI version 1.2). Values never appear in them, except outputs after apply, as Terraform's.
#include "engine/render/render_ui_json.h"

#include <string_view>

#include "engine/render/change_lines.h"
#include "engine/render/render_json_values.h"
#include "engine/render/render_state_json.h"
#include "state/backend.h"

namespace fedplan {
namespace {

using json = nlohmann::json;

constexpr std::string_view kRefreshing = ": Refreshing state...";
// A progress line Terraform's stream has no message for: planned_change says it all.
constexpr std::string_view kPlanning = ": Planning...";

json pos_json(const SourcePos& p) {
  return {{"line", p.line}, {"column", p.column}, {"byte", p.byte}};
}

// The `resource` object of a hook or change: the address in its parts.
json resource_json(const InstanceAddr& addr) {
  const ResourceAddr& r = addr.resource;
  std::string type_prefix = r.type.substr(0, r.type.find('_'));
  json key = nullptr;
  if (addr.key.kind == InstanceKey::Kind::Int) key = addr.key.index;
  if (addr.key.kind == InstanceKey::Kind::String) key = addr.key.key;
  return {{"addr", addr.to_string()},
          {"module", r.module.to_string()},
          {"resource", r.local_string() + addr.key.to_string()},
          {"implied_provider", type_prefix},
          {"resource_type", r.type},
          {"resource_name", r.name},
          {"resource_key", key}};
}

// The UI's action word: the plan's, but one word for a replace, whichever order it runs in.
const char* ui_action(Action a) {
  if (is_replace(a)) return "replace";
  if (a == Action::Forget) return "remove";  // Terraform's word for a forget in the UI
  return a == Action::NoOp ? "noop" : action_name(a);
}

// A planned change's word: a no-op that moves or imports says so, as Terraform's UI does.
const char* ui_change_action(const ResourceChange& ch) {
  if (ch.action == Action::NoOp && ch.importing) return "import";
  if (ch.action == Action::NoOp && ch.previous_addr) return "move";
  return ui_action(ch.action);
}

// The UI's reason: the plan JSON's spelling without its replace prefixes.
std::string ui_reason(ActionReason r) {
  std::string name = action_reason_name(r);
  if (name == "replace_by_request") return "requested";
  constexpr std::string_view prefix = "replace_because_";
  if (name.starts_with(prefix)) return name.substr(prefix.size());
  return name;
}

// Adds id_key and id_value to a hook, and " [id=...]" to its message, when `id` is set.
void add_id(json& hook, std::string& message, const std::string& id) {
  if (id.empty()) return;
  hook["id_key"] = "id";
  hook["id_value"] = id;
  message += " [id=" + id + "]";
}

std::string change_name(const ResourceChange& ch) {
  return ch.deposed.empty() ? ch.addr.to_string()
                            : ch.addr.to_string() + " (deposed object " + ch.deposed + ")";
}

}  // namespace

json diagnostic_json(const Diagnostic& d, const SourceFiles* sources) {
  json j = {{"severity", d.severity == Severity::Error ? "error" : "warning"},
            {"summary", d.summary},
            {"detail", d.detail}};
  if (!d.address.empty()) j["address"] = d.address;
  if (!d.range || d.range->empty()) return j;
  const SourceRange& r = *d.range;
  j["range"] = {{"filename", r.file}, {"start", pos_json(r.start)}, {"end", pos_json(r.end)}};
  auto line = sources ? sources->line(r.file, r.start.line) : std::nullopt;
  if (line) {
    int64_t from = r.start.column - 1;
    int64_t to = r.end.line == r.start.line ? r.end.column - 1 : int64_t(line->size());
    j["snippet"] = {{"context", nullptr},
                    {"code", std::string(*line)},
                    {"start_line", r.start.line},
                    {"highlight_start_offset", from},
                    {"highlight_end_offset", std::max(from, to)},
                    {"values", json::array()}};
  }
  return j;
}

std::string render_validate_json(const Diagnostics& diags, const SourceFiles* sources) {
  int errors = 0, warnings = 0;
  json list = json::array();
  for (const Diagnostic& d : diags.items) {
    (d.severity == Severity::Error ? errors : warnings)++;
    list.push_back(diagnostic_json(d, sources));
  }
  json doc = {{"format_version", "1.0"},
              {"valid", errors == 0},
              {"error_count", errors},
              {"warning_count", warnings},
              {"diagnostics", std::move(list)}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void JsonUi::emit(const char* level, const std::string& message, const char* type, json body) {
  body["@level"] = level;
  body["@message"] = message;
  body["@module"] = "fedplan.ui";
  body["@timestamp"] = rfc3339(clock_.now());
  body["type"] = type;
  std::string line = body.dump(-1, ' ', false, json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mu_);
  out_ << line << "\n" << std::flush;
}

void JsonUi::version() {
  emit("info", std::string("fedplan ") + kFedplanVersion, "version",
       {{"fedplan", kFedplanVersion}, {"terraform", kTerraformVersion}, {"ui", "1.2"}});
}

void JsonUi::log(const std::string& message) {
  emit("info", message, "log", json::object());
}

void JsonUi::diagnostics(const Diagnostics& diags, const SourceFiles* sources) {
  for (const Diagnostic& d : diags.items) {
    bool error = d.severity == Severity::Error;
    emit(error ? "error" : "warn", (error ? "Error: " : "Warning: ") + d.summary, "diagnostic",
         {{"diagnostic", diagnostic_json(d, sources)}});
  }
}

void JsonUi::plan_progress(const std::string& line) {
  std::string_view text = line;
  if (text.ends_with(kRefreshing)) {
    std::string err;
    auto addr = parse_instance(text.substr(0, text.size() - kRefreshing.size()), &err);
    if (addr) {
      json hook = {{"resource", resource_json(*addr)}};
      std::string message = line;
      add_id(hook, message, prior_id(*addr));
      emit("info", message, "refresh_start", {{"hook", std::move(hook)}});
      std::lock_guard<std::mutex> lock(mu_);
      refreshing_.push_back(*addr);
      return;
    }
  }
  if (!text.ends_with(kPlanning)) log(line);
}

void JsonUi::refresh_done() {
  std::vector<InstanceAddr> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done.swap(refreshing_);
  }
  for (const InstanceAddr& addr : done) {
    json hook = {{"resource", resource_json(addr)}};
    std::string message = addr.to_string() + ": Refresh complete";
    add_id(hook, message, prior_id(addr));
    emit("info", message, "refresh_complete", {{"hook", std::move(hook)}});
  }
}

void JsonUi::plan(const Plan& plan) {
  for (const Drift& d : plan.drift) {
    if (d.pending) continue;  // a killed run's create, found: not a change made outside
    const char* action = d.live.is_null() ? "delete" : "update";
    emit("info", d.addr.to_string() + ": Drift detected (" + action + ")", "resource_drift",
         {{"change", {{"resource", resource_json(d.addr)}, {"action", action}}}});
  }
  for (const ResourceChange& ch : plan.changes) {
    if (ch.action == Action::NoOp && !ch.importing && !ch.previous_addr) continue;
    json change = {{"resource", resource_json(ch.addr)}, {"action", ui_change_action(ch)}};
    if (ch.previous_addr) change["previous_resource"] = resource_json(*ch.previous_addr);
    if (ch.importing) change["importing"] = {{"id", *ch.importing}};
    if (ch.reason != ActionReason::None) change["reason"] = ui_reason(ch.reason);
    if (!ch.deposed.empty()) change["deposed"] = ch.deposed;
    emit("info", change_name(ch) + ": Plan to " + ui_change_action(ch), "planned_change",
         {{"change", std::move(change)}});
  }
  Plan::Counts c = plan.counts();
  change_summary(UiCounts{c.add, c.change, c.destroy, plan.destroy ? "destroy" : "plan", c.import},
                 true);
  json outputs = json::object();
  for (const OutputChange& o : plan.outputs)
    outputs[o.name] = {{"sensitive", o.sensitive}, {"action", ui_action(o.action)}};
  if (!outputs.empty()) {
    std::string message = "Outputs: " + std::to_string(outputs.size());
    emit("info", message, "outputs", {{"outputs", std::move(outputs)}});
  }
}

std::string JsonUi::prior_id(const InstanceAddr& addr) const {
  const InstanceState* inst = prior_ ? prior_->find(addr) : nullptr;
  if (!inst || !inst->attributes.is_object()) return "";
  auto id = inst->attributes.find("id");
  if (id == inst->attributes.end() || !id->is_string()) return "";
  json path = json::array({"id"});
  for (const json& p : inst->sensitive_paths)
    if (p == path || p == json::array()) return "";
  return id->get<std::string>();
}

void JsonUi::apply_hook(const ResourceChange& ch, UiHook hook, int64_t elapsed_seconds,
                        const std::string& line, const std::string& id) {
  static constexpr const char* kTypes[] = {"apply_start", "apply_progress", "apply_complete",
                                           "apply_errored"};
  json body = {{"resource", resource_json(ch.addr)}, {"action", ui_action(ch.action)}};
  if (hook != UiHook::Start) body["elapsed_seconds"] = elapsed_seconds;
  std::string message = line;
  if (hook == UiHook::Start || hook == UiHook::Complete) add_id(body, message, id);
  emit(hook == UiHook::Errored ? "error" : "info", message, kTypes[static_cast<int>(hook)],
       {{"hook", std::move(body)}});
}

void JsonUi::change_summary(const UiCounts& counts, bool planned) {
  bool destroy = std::string_view(counts.operation) == "destroy";
  std::string message;
  if (planned)
    message =
        "Plan: " +
        counts_text(Plan::Counts{counts.add, counts.change, counts.remove, 0, counts.import}) + ".";
  else
    message = std::string(destroy ? "Destroy" : "Apply") + " complete! Resources: " +
              applied_counts_text(counts.import, counts.add, counts.change, counts.remove, destroy);
  emit("info", message, "change_summary",
       {{"changes",
         {{"add", counts.add},
          {"change", counts.change},
          {"import", counts.import},
          {"remove", counts.remove},
          {"operation", counts.operation}}}});
}

void JsonUi::outputs(const State& state) {
  json outputs = state_outputs_json(state);
  emit("info", "Outputs: " + std::to_string(state.outputs.size()), "outputs",
       {{"outputs", std::move(outputs)}});
}

}  // namespace fedplan
