// Planning the deletes of deposed objects: one Delete change per object, with the recorded
// value as "before" and the recorded dependencies for ordering.
#include "engine/plan/deposed.h"

#include "state/instance_value.h"

namespace fedplan {

void plan_deposed_deletes(const State& prior, const PlanOptions& options, Plan& plan) {
  for (const auto& [key, object] : prior.deposed) {
    bool targeted = options.targets.empty();
    for (const TargetAddr& t : options.targets) targeted = targeted || t.contains(key.first);
    if (!targeted) continue;
    ResourceChange ch;
    ch.addr = key.first;
    ch.provider = object.provider;
    ch.action = Action::Delete;
    ch.before = value_of(object);
    ch.dependencies = object.dependencies;
    ch.deposed = key.second;
    plan.changes.push_back(std::move(ch));
  }
}

}  // namespace fedplan
