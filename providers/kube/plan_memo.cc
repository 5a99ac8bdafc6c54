// PlanMemo: keys from the request's Docs (JSON and marks), expiry oldest first.
#include "providers/kube/plan_memo.h"

namespace fedplan::kube {

namespace {

std::string lossless(const Doc& d) {
  std::string out = d.json.dump() + "|";
  for (const UnknownAt& u : d.unknown) out += path_to_json(u.path).dump() + kind_name(u.kind) + ";";
  out += "|";
  for (const ValuePath& p : d.sensitive) out += path_to_json(p).dump() + ";";
  return out;
}

}  // namespace

std::string PlanMemo::key_of(const std::string& type, const Doc& prior, const Doc& config) {
  if (config.is_null() || !config.wholly_known()) return "";
  return type + "\n" + lossless(prior) + "\n" + lossless(config);
}

std::string PlanMemo::key_of(const PlanRequest& request) {
  return key_of(request.type, to_doc(request.prior), to_doc(request.config));
}

std::optional<PlanResult> PlanMemo::take(const std::string& key) {
  if (key.empty()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  expire(clock_.now());
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  PlanResult r = std::move(it->second.result);
  entries_.erase(it);  // its order_ entry goes when it expires
  return r;
}

void PlanMemo::put(const std::string& key, const PlanResult& result) {
  if (key.empty() || result.diags.has_errors() || !result.note.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  Clock::time_point now = clock_.now();
  expire(now);
  while (entries_.size() >= max_entries_ && !order_.empty()) {
    auto it = entries_.find(order_.front().second);
    if (it != entries_.end() && it->second.at == order_.front().first) entries_.erase(it);
    order_.pop_front();
  }
  entries_[key] = Entry{result, now};
  order_.push_back({now, key});
}

size_t PlanMemo::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

void PlanMemo::expire(Clock::time_point now) {
  while (!order_.empty() && now - order_.front().first >= ttl_) {
    auto it = entries_.find(order_.front().second);
    // Only the entry this order record was made for (a key put again later stays).
    if (it != entries_.end() && it->second.at == order_.front().first) entries_.erase(it);
    order_.pop_front();
  }
}

}  // namespace fedplan::kube
