// Backend helpers shared by every implementation: lock records, the overwrite checks that
// keep a run from clobbering a newer or unrelated state, and the scoped lock.
#include "state/backend.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "state/uuid.h"

namespace fedplan {

nlohmann::json LockInfo::to_json() const {
  nlohmann::json j = {
      {"id", id},           {"who", who},  {"pid", pid}, {"host", host}, {"operation", operation},
      {"created", created}, {"path", path}};
  if (!workspace.empty()) j["workspace"] = workspace;
  if (!expires.empty()) j["expires"] = expires;
  return j;
}

std::optional<LockInfo> LockInfo::from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  auto str = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  LockInfo info;
  info.id = str("id");
  if (info.id.empty()) return std::nullopt;
  info.who = str("who");
  info.host = str("host");
  info.operation = str("operation");
  info.created = str("created");
  info.path = str("path");
  info.workspace = str("workspace");
  info.expires = str("expires");
  if (auto it = j.find("pid"); it != j.end() && it->is_number_integer())
    info.pid = it->get<int64_t>();
  return info;
}

std::string LockInfo::describe() const {
  std::string out = who.empty() ? "an unknown holder" : who;
  if (pid > 0) out += " pid " + std::to_string(pid);
  if (!operation.empty()) out += " (" + operation + ")";
  if (!created.empty()) out += " since " + created;
  return out + ", lock ID " + id;
}

bool StateBackend::create_workspace(Diagnostics& diags) {
  SystemClock clock;
  ScopedStateLock lock(*this, "workspace new", std::chrono::milliseconds(0), clock, diags);
  if (!lock.held()) return false;
  std::optional<State> state = read(diags);
  return state && write(*state, diags) && lock.release(diags);
}

std::string rfc3339(Clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

std::string current_user() {
  std::string buf(16384, '\0');
  passwd pw{};
  passwd* found = nullptr;
  if (getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found)
    return found->pw_name;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return "uid" + std::to_string(geteuid());
}

std::string current_host() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

}  // namespace

LockInfo new_lock_info(std::string operation, Clock& clock) {
  LockInfo info;
  info.id = new_uuid();
  info.host = current_host();
  info.who = current_user() + "@" + info.host;
  info.pid = getpid();
  info.operation = std::move(operation);
  info.created = rfc3339(clock.now());
  return info;
}

bool StateBackend::write_encoded(EncodedState& encoded, const WriteOptions& options,
                                 Diagnostics& diags) {
  std::optional<State> state = decode_state(assemble_state(encoded), describe(), diags);
  if (!state) return false;  // a bug: assemble_state's text always decodes
  if (!write(*state, options, diags)) return false;
  encoded.head.serial = state->serial;
  return true;
}

bool StateBackend::write_changes(EncodedChanges&, const WriteOptions&, Diagnostics& diags) {
  diags.error("Cannot write the state to " + describe() + ": it stores whole states only",
              "A bug in fedplan: changes alone were given to a backend that does not store them.");
  return false;
}

StateTextFor state_text_for(State& state) {
  return [&state](uint64_t serial) {
    uint64_t base = state.serial;
    state.serial = serial;
    std::string text = encode_state(state);
    state.serial = base;
    return text;
  };
}

StateTextFor state_text_for(EncodedState& encoded) {
  return [&encoded](uint64_t serial) {
    uint64_t base = encoded.head.serial;
    encoded.head.serial = serial;
    std::string text = assemble_state(encoded);
    encoded.head.serial = base;
    return text;
  };
}

namespace {

// The serial after `serial`, unless that goes past kMaxStateSerial (then an error).
bool next_serial_of(uint64_t serial, const std::string& where, uint64_t* next, Diagnostics& diags) {
  if (serial >= kMaxStateSerial) {
    diags.error("Refusing to write the state to " + where + ": its serial cannot go higher",
                "serial: " + std::to_string(serial) + " is the largest fedplan keeps (" +
                    std::to_string(kMaxStateSerial) + "). Nothing was written.");
    return false;
  }
  *next = serial + 1;
  return true;
}

}  // namespace

bool check_overwrite(const StateHeader* stored, const State& state, const WriteOptions& options,
                     const std::string& where, uint64_t* next_serial, Diagnostics& diags) {
  if (!stored) return next_serial_of(state.serial, where, next_serial, diags);
  if (!options.force && stored->lineage != state.lineage) {
    diags.error("Refusing to write the state to " + where + ": it holds an unrelated state",
                "The stored state has lineage " + stored->lineage + ", the state being written " +
                    state.lineage +
                    ". They did not come from the same state; writing would lose the stored "
                    "one. Use `state push -force` to replace it on purpose.");
    return false;
  }
  if (!options.force && stored->serial > state.serial) {
    diags.error("Refusing to write the state to " + where + ": it changed since it was read",
                "The stored state has serial " + std::to_string(stored->serial) +
                    ", newer than the serial " + std::to_string(state.serial) +
                    " this run started from, so another run wrote it meanwhile (was it run with "
                    "-lock=false?). Nothing was written; run the command again to work from the "
                    "current state.");
    return false;
  }
  return next_serial_of(std::max(stored->serial, state.serial), where, next_serial, diags);
}

ScopedStateLock::ScopedStateLock(StateBackend& backend, std::string operation,
                                 std::chrono::milliseconds timeout, Clock& clock,
                                 Diagnostics& diags, bool enabled)
    : backend_(backend) {
  if (!enabled) {
    held_ = true;
    return;
  }
  info_ = new_lock_info(std::move(operation), clock);
  result_ = backend_.lock(info_, timeout, diags);
  held_ = locked_ = result_.acquired;
}

ScopedStateLock::~ScopedStateLock() {
  Diagnostics ignored;  // a destructor has no one to tell; release() reports
  release(ignored);
}

bool ScopedStateLock::release(Diagnostics& diags) {
  if (!locked_) return true;
  locked_ = false;
  held_ = false;
  return backend_.unlock(info_.id, diags);
}

}  // namespace fedplan
