// State edits: lookups by address and prefix ranges over the sorted map, and `state mv`.
// Prefix ranges work because every address below a module or resource sorts contiguously.
#include "state/state.h"

#include <algorithm>
#include <unordered_map>

#include "base/address_hash.h"

#include "state/uuid.h"

namespace fedplan {

State State::fresh() {
  State s;
  s.lineage = new_uuid();
  return s;
}

const InstanceState* State::find(const InstanceAddr& addr) const {
  auto it = instances.find(addr);
  return it == instances.end() ? nullptr : &it->second;
}

InstanceState* State::find(const InstanceAddr& addr) {
  auto it = instances.find(addr);
  return it == instances.end() ? nullptr : &it->second;
}

void State::set(InstanceState inst) {
  InstanceAddr key = inst.addr;
  instances.insert_or_assign(std::move(key), std::move(inst));
}

bool State::remove(const InstanceAddr& addr) {
  return instances.erase(addr) > 0;
}

std::string State::depose(const InstanceAddr& addr) {
  auto it = instances.find(addr);
  if (it == instances.end()) return "";
  std::string key;
  do {
    key = new_deposed_key();
  } while (deposed.count({addr, key}));
  deposed.emplace(DeposedKey{addr, key}, std::move(it->second));
  instances.erase(it);
  return key;
}

std::vector<InstanceAddr> State::select(const TargetAddr& target) const {
  std::vector<InstanceAddr> out;
  if (target.resource && target.key) {
    InstanceAddr addr{*target.resource, *target.key};
    if (instances.count(addr)) out.push_back(std::move(addr));
    return out;
  }
  // The smallest address at or below the target: its module (or resource) with every later
  // field at its minimum. Everything the target contains follows without a gap.
  InstanceAddr first;
  if (target.resource) {
    first.resource = *target.resource;
  } else {
    first.resource.module = target.module;
  }
  for (auto it = instances.lower_bound(first); it != instances.end(); ++it) {
    if (!target.contains(it->first)) break;
    out.push_back(it->first);
  }
  return out;
}

std::vector<InstanceAddr> State::list(const std::vector<TargetAddr>& targets) const {
  std::vector<InstanceAddr> out;
  if (targets.empty()) {
    out.reserve(instances.size());
    for (const auto& [addr, _] : instances) out.push_back(addr);
    return out;
  }
  for (const TargetAddr& t : targets) {
    auto part = select(t);
    out.insert(out.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// `path` with its leading `from` steps replaced by `to`; call only when from.contains(path).
ModulePath rebase(const ModulePath& path, const ModulePath& from, const ModulePath& to) {
  ModulePath out = to;
  out.steps.insert(out.steps.end(), path.steps.begin() + from.steps.size(), path.steps.end());
  return out;
}

std::string same_kind_error(const ResourceAddr& from, const ResourceAddr& to) {
  if (from.mode != to.mode)
    return "cannot move " + from.to_string() + " to " + to.to_string() +
           ": a managed resource and a data source are different kinds of object";
  if (from.type != to.type)
    return "cannot move " + from.to_string() + " to " + to.to_string() + ": the type changes (" +
           from.type + " to " + to.type + "); remove it and import it instead";
  return "";
}

// Plans the renames of a module move; fills `result.moved` or `result.error`.
void plan_module_move(const State& state, const TargetAddr& from, const TargetAddr& to,
                      MoveResult& result) {
  if (to.resource) {
    result.error = "cannot move module " + from.to_string() + " to the resource address " +
                   to.to_string() + "; name a module as the destination";
    return;
  }
  if (from.module.contains(to.module)) {
    result.error = from.module == to.module ? "source and destination are the same address"
                                            : "cannot move " + from.to_string() + " into itself (" +
                                                  to.to_string() + ")";
    return;
  }
  auto sources = state.select(from);
  if (sources.empty()) {
    result.error = "no objects found under " + from.to_string();
    return;
  }
  if (!state.select(to).empty()) {
    result.error = "cannot move to " + to.to_string() + ": objects are already recorded there";
    return;
  }
  for (InstanceAddr& src : sources) {
    InstanceAddr dst = src;
    dst.resource.module = rebase(src.resource.module, from.module, to.module);
    result.moved.emplace_back(std::move(src), std::move(dst));
  }
}

// Plans the renames when `from` names a resource or one instance.
void plan_resource_move(const State& state, const TargetAddr& from, const TargetAddr& to,
                        MoveResult& result) {
  const ResourceAddr& src_res = *from.resource;
  ResourceAddr dst_res;
  if (to.resource) {
    dst_res = *to.resource;
  } else {
    dst_res = src_res;
    dst_res.module = to.module;
  }
  result.error = same_kind_error(src_res, dst_res);
  if (!result.ok()) return;

  if (from.key) {
    InstanceAddr src{src_res, *from.key};
    if (!state.find(src)) {
      result.error = "no object " + src.to_string() + " in the state";
      return;
    }
    // `a.x[0] -> a.y` means the unkeyed instance; `a.x[0] -> module.m` keeps the key.
    InstanceAddr dst{dst_res, to.resource ? to.key.value_or(InstanceKey{}) : *from.key};
    if (dst == src) {
      result.error = "source and destination are the same address";
    } else if (state.find(dst)) {
      result.error = "cannot move to " + dst.to_string() + ": it is already in the state";
    } else {
      result.moved.emplace_back(std::move(src), std::move(dst));
    }
    return;
  }

  auto sources = state.select(from);
  if (sources.empty()) {
    result.error = "no object " + src_res.to_string() + " in the state";
    return;
  }
  if (to.key) {
    // Resource to one instance: the usual step when a resource gains `count` or `for_each`.
    if (sources.size() != 1 || !sources[0].key.empty()) {
      result.error = src_res.to_string() + " has " + std::to_string(sources.size()) +
                     " instance(s) with keys; name the one to move to " + to.to_string();
      return;
    }
    InstanceAddr dst{dst_res, *to.key};
    if (state.find(dst)) {
      result.error = "cannot move to " + dst.to_string() + ": it is already in the state";
      return;
    }
    result.moved.emplace_back(std::move(sources[0]), std::move(dst));
    return;
  }
  if (dst_res == src_res) {
    result.error = "source and destination are the same address";
    return;
  }
  TargetAddr dst_target{dst_res.module, dst_res, std::nullopt};
  if (!state.select(dst_target).empty()) {
    result.error = "cannot move to " + dst_res.to_string() + ": it is already in the state";
    return;
  }
  for (InstanceAddr& src : sources) {
    InstanceAddr dst{dst_res, src.key};
    result.moved.emplace_back(std::move(src), std::move(dst));
  }
}

}  // namespace

MoveResult move_in_state(State& state, const TargetAddr& from, const TargetAddr& to, bool dry_run) {
  MoveResult result;
  for (const auto& [key, _] : state.deposed) {
    if (!from.contains(key.first)) continue;
    result.error = key.first.to_string() + " has a deposed object (" + key.second +
                   ") that a create_before_destroy replacement could not delete yet; run "
                   "`fedplan apply` to delete it before moving";
    return result;
  }
  if (from.resource)
    plan_resource_move(state, from, to, result);
  else if (from.module.root())
    result.error = "cannot move the root module";
  else
    plan_module_move(state, from, to, result);
  if (!result.ok()) result.moved.clear();
  if (!result.ok() || dry_run) return result;

  // Old address -> new, for instances and (when every instance moves) their resources, which
  // dependencies name as an address without a key.
  std::unordered_map<InstanceAddr, InstanceAddr, InstanceAddrHash> renames;
  bool whole_resources = !from.key && !to.key;
  for (const auto& [src, dst] : result.moved) {
    renames.emplace(src, dst);
    if (whole_resources)
      renames.emplace(InstanceAddr{src.resource, {}}, InstanceAddr{dst.resource, {}});
  }

  // Extract every node first, then re-key and reinsert: no attribute is copied.
  std::vector<std::map<InstanceAddr, InstanceState>::node_type> nodes;
  nodes.reserve(result.moved.size());
  for (const auto& [src, _] : result.moved) nodes.push_back(state.instances.extract(src));
  bool module_move = !from.resource;
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto& node = nodes[i];
    node.key() = result.moved[i].second;
    node.mapped().addr = result.moved[i].second;
    ProviderAddr& provider = node.mapped().provider;
    if (module_move && from.module.contains(provider.module))
      provider.module = rebase(provider.module, from.module, to.module);
    state.instances.insert(std::move(node));
  }
  for (auto& [_, inst] : state.instances)
    for (InstanceAddr& dep : inst.dependencies) {
      auto it = renames.find(dep);
      if (it != renames.end()) dep = it->second;
    }
  return result;
}

}  // namespace fedplan
