// MemoryBackend: the local backend's rules (overwrite checks, lock by ID, never replace a
// damaged state) over a string and an optional holder.
#include "state/memory_backend.h"

namespace fedplan {

LockResult MemoryBackend::lock(const LockInfo& info, std::chrono::milliseconds timeout,
                               Diagnostics& diags) {
  LockResult result;
  auto deadline = clock_->now() + timeout;
  while (true) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (!holder_) {
        holder_ = info;
        holder_->path = describe();
        result.acquired = true;
        return result;
      }
      result.holder = holder_;
    }
    auto now = clock_->now();
    if (now >= deadline) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    clock_->sleep_for(std::min(left, std::chrono::milliseconds(50)));
  }
  diags.error("Error acquiring the state lock: state is locked by " + result.holder->describe(),
              "Another run is using the state.");
  return result;
}

bool MemoryBackend::unlock(const std::string& id, Diagnostics& diags) {
  std::lock_guard<std::mutex> g(mu_);
  if (!holder_ || holder_->id != id) {
    diags.error("Cannot unlock the state: lock ID " + id + " is not held");
    return false;
  }
  holder_.reset();
  return true;
}

bool MemoryBackend::force_unlock(const std::string& id, bool, Diagnostics& diags) {
  // Every holder counts as alive here, and nothing can detect otherwise; the ID check stays.
  std::lock_guard<std::mutex> g(mu_);
  if (!holder_) {
    diags.error("Cannot force-unlock: the state is not locked");
    return false;
  }
  if (holder_->id != id) {
    diags.error("Cannot force-unlock: lock ID " + id + " does not match the state's lock",
                "The lock is recorded as " + holder_->describe() + ".");
    return false;
  }
  holder_.reset();
  return true;
}

std::optional<State> MemoryBackend::read(Diagnostics& diags) {
  std::optional<std::string> text = stored_text();
  if (!text) return State::fresh();
  return decode_state(std::move(*text), describe(), diags);
}

bool MemoryBackend::write(State& state, const WriteOptions& options, Diagnostics& diags) {
  std::lock_guard<std::mutex> g(mu_);
  std::optional<StateHeader> header;
  if (text_) {
    Diagnostics why;
    header = scan_state_header(*text_, describe(), why);
    if (!header) {
      diags.error("Refusing to overwrite the " + describe() + ": it cannot be read");
      diags.append(std::move(why));
      return false;
    }
  }
  uint64_t next = 0;
  if (!check_overwrite(header ? &*header : nullptr, state, options, describe(), &next, diags))
    return false;
  state.serial = next;
  text_ = encode_state(state);
  return true;
}

std::optional<std::string> MemoryBackend::stored_text() const {
  std::lock_guard<std::mutex> g(mu_);
  return text_;
}

void MemoryBackend::set_stored_text(std::optional<std::string> text) {
  std::lock_guard<std::mutex> g(mu_);
  text_ = std::move(text);
}

std::optional<LockInfo> MemoryBackend::holder() const {
  std::lock_guard<std::mutex> g(mu_);
  return holder_;
}

bool MemoryBackend::delete_workspace(const std::string& name, Diagnostics& diags) {
  diags.error("Cannot delete workspace \"" + name + "\"",
              "The in-memory backend has only the default workspace.");
  return false;
}

std::vector<LockInfo> MemoryBackend::locks(Diagnostics&) {
  std::lock_guard<std::mutex> hold(mu_);
  if (!holder_) return {};
  LockInfo info = *holder_;
  info.workspace = "default";
  return {info};
}

}  // namespace fedplan
