// The provider calls of one apply step, and the words its progress lines use. Runs on a
// walker's worker: it reads only what the walker's thread prepared in the step.
#include "engine/apply/apply_step.h"

#include "engine/apply/applier.h"

namespace fedplan {

namespace {

// Names `who` in every diagnostic that names nothing yet.
void blame(Diagnostics& d, const std::string& who) {
  for (Diagnostic& x : d.items)
    if (x.address.empty()) x.address = who;
}

// Calls the provider, retrying a retryable failure with a growing pause.
ApplyResult apply_with_retries(Provider& p, const ApplyRequest& req, int retries, Clock& clock) {
  ApplyResult r;
  for (int attempt = 0;; ++attempt) {
    r = p.apply(req);
    if (!r.diags.has_errors() || !r.retryable || attempt >= retries) return r;
    clock.sleep_for(std::chrono::milliseconds(500 << attempt));
  }
}

// The final plan_change, refused when it differs from what the user approved, then apply.
void create_or_update(ApplyStep& s, int retries, Clock& clock) {
  const ResourceChange& ch = *s.change;
  // A replacement creates from nothing: create_before_destroy keeps the old object aside,
  // and a delete-then-create has deleted it.
  bool replacing = ch.action == Action::CreateThenDelete || ch.action == Action::DeleteThenCreate;
  Value prior = replacing ? Value() : s.prior;
  PlanResult pr = s.provider->plan_change(PlanRequest{ch.type(), prior, s.config});
  s.diags = std::move(pr.diags);
  if (s.diags.has_errors()) {
    s.failed = true;
    return;
  }
  if (!consistent_with_plan(ch.after, pr.planned)) {
    s.diags.error("Provider produced inconsistent final plan",
                  "When applying " + ch.addr.to_string() + ", the " + ch.provider.type +
                      " provider planned a value that differs from the approved plan. Run "
                      "`fedplan plan` again to see the current changes.");
    s.failed = true;
    return;
  }
  ApplyRequest req{ch.type(), prior, pr.planned, s.config};
  req.resumed = s.resumed && prior.is_null();
  ApplyResult ar = apply_with_retries(*s.provider, req, retries, clock);
  s.failed = ar.diags.has_errors();
  s.diags.append(std::move(ar.diags));
  // A create that failed after making its object leaves it tainted (replaced by the next
  // plan); a failed update records what the provider returned, as Terraform does.
  s.record = !ar.state.is_null() || !s.failed;
  s.tainted = s.failed && prior.is_null();
  s.result = std::move(ar.state);
}

}  // namespace

Value create_intent(const Value& planned, const Value& config) {
  if (!planned.is_mapping() || !config.is_mapping()) return planned;
  ValueMap out = planned.attributes();
  for (auto& [name, v] : out) {
    const Value* given = config.get(name);
    if (!v.wholly_known() && given && given->wholly_known() && !given->is_null()) v = *given;
  }
  return Value::object(std::move(out));
}

void run_step_call(ApplyStep& s, StepCall call, int retries, Clock& clock) {
  const ResourceChange& ch = *s.change;
  s.diags = Diagnostics{};
  s.failed = s.deleted = s.record = s.tainted = false;
  s.result = Value();
  std::string who = ch.addr.to_string();
  switch (call) {
    case StepCall::DeleteDeposed:
    case StepCall::DeletePrior: {
      bool deposed = call == StepCall::DeleteDeposed;
      const Value& prior = deposed ? s.deposed_prior : s.prior;
      if (prior.is_null()) break;
      ApplyResult r = apply_with_retries(
          *s.provider, ApplyRequest{ch.type(), prior, Value(), Value()}, retries, clock);
      s.failed = r.diags.has_errors();
      s.deleted = !s.failed;
      s.diags = std::move(r.diags);
      if (deposed) who += " (deposed object " + s.deposed_key + ")";
      break;
    }
    case StepCall::CreateOrUpdate:
      create_or_update(s, retries, clock);
      break;
    case StepCall::Read: {
      ReadResult r = s.provider->read_data(ch.type(), s.config);
      s.failed = r.diags.has_errors();
      s.diags = std::move(r.diags);
      s.result = std::move(r.state);
      break;
    }
  }
  blame(s.diags, who);
}

std::string name_of(const ResourceChange& ch) {
  std::string addr = ch.addr.to_string();
  return ch.deposed.empty() ? addr : addr + " (deposed object " + ch.deposed + ")";
}

std::string progress_line(const ResourceChange& ch, StepEvent e, int64_t secs) {
  ProgressWords w = progress_words(ch.action);
  std::string done = w.done, n = std::to_string(secs);
  switch (e) {
    case StepEvent::Start:
      return name_of(ch) + ": " + w.start;
    case StepEvent::Progress:
      return name_of(ch) + ": " + w.still + " [" + n + "s elapsed]";
    case StepEvent::Complete:
      return name_of(ch) + ": " + done + " after " + n + "s";
    case StepEvent::Errored:
      return name_of(ch) + ": " + done.substr(0, done.rfind(' ')) + " errored after " + n + "s";
  }
  return name_of(ch);
}

std::string string_id(const Value& v) {
  const Value* id = v.known() && v.is_mapping() ? v.get("id") : nullptr;
  if (!id || !id->known() || id->sensitive() || id->kind() != ValueKind::String) return "";
  return id->as_string();
}

ProgressWords progress_words(Action a) {
  switch (a) {
    case Action::Create:
      return {"Creating...", "Still creating...", "Creation complete"};
    case Action::Update:
      return {"Modifying...", "Still modifying...", "Modifications complete"};
    case Action::Delete:
      return {"Destroying...", "Still destroying...", "Destruction complete"};
    case Action::Read:
      return {"Reading...", "Still reading...", "Read complete"};
    default:
      return {"Replacing...", "Still replacing...", "Replacement complete"};
  }
}

}  // namespace fedplan
