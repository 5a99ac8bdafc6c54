// The kube backend's state: reads that join a state Secret and its parts, writes that create
// new parts and then replace the state Secret on its resourceVersion, and workspaces by label.
#include "state/kube/kube_backend.h"

#include <algorithm>
#include <set>

#include "base/http/retry.h"
#include "base/quote.h"
#include "state/gzip.h"
#include "state/uuid.h"

namespace fedplan {

using kube::ApiResult;
using kube::resource_path;
using kube::StoredChunk;
using nlohmann::json;

namespace {

// A decompressed state may be this large (a 100k-instance state is about 50 MB).
constexpr size_t kMaxStateBytes = size_t(2) << 30;

// f() with `field` set to `value` meanwhile: the text a state has under the serial it gets.
template <class F>
std::string with_serial(uint64_t& field, uint64_t value, F f) {
  uint64_t saved = field;
  field = value;
  std::string text = f();
  field = saved;
  return text;
}

json delete_options(const std::string& resource_version) {
  return {{"apiVersion", "v1"},
          {"kind", "DeleteOptions"},
          {"preconditions", {{"resourceVersion", resource_version}}}};
}

}  // namespace

KubeBackend::KubeBackend(KubeBackendSettings settings, std::shared_ptr<HttpTransport> transport,
                         Clock* clock, const StateCipher* cipher)
    : settings_(std::move(settings)),
      clock_(clock ? clock : &system_clock_),
      cipher_(cipher),
      inner_(transport) {
  transport_ = std::make_shared<RetryingTransport>(std::move(transport), *clock_);
  client_ = std::make_unique<kube::KubeClient>(settings_.access, transport_, *clock_, 8);
  lock_ = std::make_unique<kube::LeaseLock>(*client_, settings_.names, settings_.lock_duration,
                                            *clock_);
}

KubeBackend::~KubeBackend() = default;

std::string KubeBackend::describe() const {
  return "kube state Secret " + settings_.names.ns + "/" + settings_.names.state_secret() + " at " +
         settings_.access.server;
}

std::string KubeBackend::secret_path(const std::string& name) const {
  return resource_path("", "v1", "secrets", settings_.names.ns, name);
}

std::string KubeBackend::failure(const ApiResult& r, const std::string& what) const {
  return kube::describe_failure(r, what, client_->access());
}

bool KubeBackend::check_access(Diagnostics& diags) {
  ApiResult r = client_->get(resource_path("", "v1", "namespaces", "", settings_.names.ns));
  if (r.ok() || r.status == 403) return true;  // a namespaced role may not read namespaces
  if (r.not_found()) {
    diags.error("The kube backend's namespace " + quote(settings_.names.ns) + " does not exist",
                "Create it (kubectl create namespace " + settings_.names.ns +
                    ") or set the backend's namespace to one that exists. Nothing was changed.");
    return false;
  }
  diags.error("The kube backend cannot use the cluster",
              failure(r, "reading namespace " + settings_.names.ns) + ". Nothing was changed.");
  return false;
}

LockResult KubeBackend::lock(const LockInfo& info, std::chrono::milliseconds timeout,
                             Diagnostics& diags) {
  LockInfo mine = info;
  mine.path = "Lease " + settings_.names.ns + "/" + settings_.names.lease();
  mine.workspace = settings_.names.workspace;
  LockResult result;
  Clock::time_point deadline = clock_->now() + timeout;
  while (true) {
    kube::LeaseView busy;
    switch (lock_->try_acquire(mine, &busy, diags)) {
      case kube::LeaseLock::Attempt::Acquired:
        result.acquired = true;
        return result;
      case kube::LeaseLock::Attempt::Failed:
        return result;
      case kube::LeaseLock::Attempt::Busy:
        if (!busy.holder.empty()) result.holder = busy.holder_info();
        break;
    }
    Clock::time_point now = clock_->now();
    if (now >= deadline) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    clock_->sleep_for(std::min(left, std::chrono::milliseconds(500)));
  }
  if (!result.holder) result.holder = LockInfo{};
  diags.error("Error acquiring the state lock: state is locked by " + result.holder->describe(),
              "The lock is " + lock_->describe() +
                  "; its holder renews it while it runs, and it "
                  "lapses at " +
                  result.holder->expires +
                  " if that run stops. Wait for it, or give -lock-timeout to wait longer.");
  return result;
}

bool KubeBackend::unlock(const std::string& id, Diagnostics& diags) {
  return lock_->release(id, diags);
}

bool KubeBackend::force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) {
  return lock_->force_release(id, break_live_lock, diags);
}

KubeBackend::Fetch KubeBackend::fetch(std::string* text, StoredChunk* head, Diagnostics& diags) {
  const std::string where = describe();
  std::string missing;
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (attempt > 0) clock_->sleep_for(std::chrono::milliseconds(100 * attempt));
    ApiResult h = client_->get(secret_path(settings_.names.state_secret()));
    if (h.not_found()) return Fetch::Absent;
    if (!h.ok()) {
      diags.error("Cannot read the state", failure(h, "reading the " + where));
      return Fetch::Failed;
    }
    std::string err;
    std::optional<StoredChunk> c = kube::read_state_secret(h.body, &err);
    if (!c || c->index != 0) {
      diags.error("Cannot read the state: the " + where + " is not one fedplan wrote",
                  err.empty() ? "It is marked as a part, not a state." : "Its " + err + ".");
      return Fetch::Failed;
    }
    *head = std::move(*c);
    std::string bytes = std::move(head->bytes);
    missing.clear();
    for (int i = 1; i < head->info.parts && missing.empty(); ++i) {
      std::string name = settings_.names.part_secret(i, head->info.write_id);
      ApiResult p = client_->get(secret_path(name));
      if (!p.ok() && !p.not_found()) {
        diags.error("Cannot read the state", failure(p, "reading part Secret " + name));
        return Fetch::Failed;
      }
      std::optional<StoredChunk> part =
          p.ok() ? kube::read_state_secret(p.body, &err) : std::nullopt;
      if (!part || part->index != i || part->info.write_id != head->info.write_id)
        missing = name;  // replaced meanwhile by a newer write: read the state Secret again
      else
        bytes += part->bytes;
    }
    if (!missing.empty()) continue;
    std::optional<std::string> opened =
        open_bytes(cipher_, std::move(bytes), "state", where, diags);
    if (!opened) return Fetch::Failed;
    std::optional<std::string> plain = gzip_decompress(*opened, kMaxStateBytes, &err);
    if (!plain) {
      diags.error("Cannot read the state: the " + where + " is damaged",
                  "Its bytes do not decompress: " + err + ".");
      return Fetch::Failed;
    }
    *text = std::move(*plain);
    return Fetch::Found;
  }
  diags.error("Cannot read the state: part Secret " + missing + " is missing or not the state's",
              "The " + where + " says it is split over " + std::to_string(head->info.parts) +
                  " Secrets of write " + head->info.write_id +
                  ", and the part did not match after several reads. Restore it from a backup, "
                  "or push a saved copy with `fedplan state push`.");
  return Fetch::Failed;
}

std::optional<State> KubeBackend::read(Diagnostics& diags) {
  std::string text;
  StoredChunk head;
  Fetch f = fetch(&text, &head, diags);
  if (f == Fetch::Failed) return std::nullopt;
  if (f == Fetch::Absent) {
    known_.reset();
    return State::fresh();
  }
  std::optional<State> state = decode_state(std::move(text), describe(), diags);
  if (state)
    known_ = Known{
        head.resource_version, {kStateVersion, state->lineage, state->serial}, head.info.parts};
  return state;
}

bool KubeBackend::write(State& state, const WriteOptions& options, Diagnostics& diags) {
  auto text_for = [&](uint64_t s) {
    return with_serial(state.serial, s, [&] { return encode_state(state); });
  };
  return store(state, options, text_for, &state.serial, diags);
}

bool KubeBackend::write_encoded(EncodedState& encoded, const WriteOptions& options,
                                Diagnostics& diags) {
  auto text_for = [&](uint64_t s) {
    return with_serial(encoded.head.serial, s, [&] { return assemble_state(encoded); });
  };
  return store(encoded.head, options, text_for, &encoded.head.serial, diags);
}

bool KubeBackend::store(const State& identity, const WriteOptions& options,
                        const std::function<std::string(uint64_t)>& text_for, uint64_t* serial,
                        Diagnostics& diags) {
  const std::string where = describe();
  if (std::string lost = lock_->lost(); !lost.empty()) {
    diags.error("Refusing to write the state to " + where + ": this run lost its lock",
                "Since " + lost + ". Nothing was written.");
    return false;
  }
  // A write refused on its resourceVersion reads the stored state again and decides anew, so
  // the refusal names the serial that won (and a forced write goes over it).
  for (int attempt = 1;; ++attempt) {
    if (!known_ && !learn_stored(diags)) return false;
    uint64_t next = 0;
    if (!check_overwrite(known_ ? &known_->header : nullptr, identity, options, where, &next,
                         diags))
      return false;
    Attempt a = put_state(identity, next, text_for(next), diags);
    if (a == Attempt::Stored) {
      *serial = next;
      return true;
    }
    if (a == Attempt::Failed) return false;
    if (attempt == 3) {
      diags.error("Refusing to write the state to " + where + ": it changed since it was read",
                  "Other runs kept writing the state Secret meanwhile; nothing was written.");
      return false;
    }
  }
}

bool KubeBackend::learn_stored(Diagnostics& diags) {
  const std::string where = describe();
  std::string text;
  StoredChunk head;
  Diagnostics why;
  Fetch f = fetch(&text, &head, why);
  std::optional<StateHeader> header;
  if (f == Fetch::Found) header = scan_state_header(text, where, why);
  if (f == Fetch::Failed || (f == Fetch::Found && !header)) {
    diags.error("Refusing to overwrite the " + where + ": it cannot be read");
    diags.append(std::move(why));
    return false;
  }
  if (header) known_ = Known{head.resource_version, *header, head.info.parts};
  return true;
}

KubeBackend::Attempt KubeBackend::put_state(const State& identity, uint64_t serial,
                                            const std::string& text, Diagnostics& diags) {
  const std::string where = describe();
  std::string bytes = seal_bytes(cipher_, gzip_compress(text), "state");
  std::vector<std::string_view> chunks = kube::split_chunks(bytes, kube::kMaxSecretDataBytes);
  kube::StateWriteInfo info{new_uuid(), static_cast<int>(chunks.size()), serial, identity.lineage,
                            cipher_ != nullptr};
  const std::string secrets = secret_path("");
  std::vector<std::string> created;
  auto drop_created = [&] {
    for (const std::string& name : created) client_->remove(secret_path(name), "");
  };
  for (size_t i = 1; i < chunks.size(); ++i) {
    std::string name = settings_.names.part_secret(static_cast<int>(i), info.write_id);
    json part = kube::state_secret_manifest(settings_.names, info, static_cast<int>(i), chunks[i]);
    ApiResult r = client_->send("POST", secrets, {}, part.dump(), "application/json", false);
    if (!r.ok()) {
      diags.error("Failed to write the state to " + where,
                  r.status == 409 ? "Part Secret " + name +
                                        " was written by another run at the same time. "
                                        "Nothing was changed; run the command again."
                                  : failure(r, "creating part Secret " + name));
      drop_created();
      return Attempt::Failed;
    }
    created.push_back(name);
  }
  json head = kube::state_secret_manifest(settings_.names, info, 0, chunks[0]);
  ApiResult r;
  if (known_) {
    head["metadata"]["resourceVersion"] = known_->resource_version;
    r = client_->send("PUT", secret_path(settings_.names.state_secret()), {}, head.dump(),
                      "application/json", false);
  } else {
    r = client_->send("POST", secrets, {}, head.dump(), "application/json", false);
  }
  int old_parts = known_ ? known_->parts : 1;
  if (!r.ok()) {
    known_.reset();  // whatever happened, the next write reads the stored state first
    if (r.status == 409) {
      drop_created();
      return Attempt::Conflict;
    }
    diags.error(
        "Failed to write the state to " + where,
        failure(r, "writing the state Secret") + ". The state this run holds was not saved there.");
    if (r.status != 0) drop_created();  // refused: nothing points at the new parts
    return Attempt::Failed;
  }
  known_ = Known{
      kube::resource_version_of(r.body), {kStateVersion, identity.lineage, serial}, info.parts};
  if (old_parts > 1 || info.parts > 1 || !swept_) remove_stale_parts(serial, info.write_id);
  swept_ = true;
  return Attempt::Stored;
}

void KubeBackend::remove_stale_parts(uint64_t serial, const std::string& keep_write_id) {
  ApiResult r = client_->list(secret_path(""),
                              {{"labelSelector", settings_.names.selector("state-part", true)}});
  if (!r.ok() || !r.body.contains("items") || !r.body["items"].is_array()) return;
  for (const json& item : r.body["items"]) {
    std::string err;
    std::optional<StoredChunk> c = kube::read_state_secret(item, &err);
    // A newer serial's part may belong to a write in flight (a run with -lock=false).
    if (!c || c->info.write_id == keep_write_id || c->info.serial > serial) continue;
    std::string name = item["metadata"].value("name", "");
    client_->send("DELETE", secret_path(name), {}, delete_options(c->resource_version).dump(),
                  "application/json", false);
  }
}

std::vector<std::string> KubeBackend::workspaces(Diagnostics& diags) {
  std::set<std::string> names = {"default"};
  ApiResult r =
      client_->list(secret_path(""), {{"labelSelector", settings_.names.selector("state", false)}});
  if (!r.ok()) {
    diags.error("Cannot list the workspaces", failure(r, "listing the state Secrets"));
    return {names.begin(), names.end()};
  }
  for (const json& item : r.body.value("items", json::array())) {
    const json* labels =
        item.contains("/metadata/labels"_json_pointer) ? &item["metadata"]["labels"] : nullptr;
    if (labels && labels->is_object() && labels->contains(kube::kWorkspaceLabel) &&
        (*labels)[kube::kWorkspaceLabel].is_string())
      names.insert((*labels)[kube::kWorkspaceLabel].get<std::string>());
  }
  std::vector<std::string> out = {"default"};
  for (const std::string& n : names)
    if (n != "default") out.push_back(n);
  return out;
}

bool KubeBackend::delete_workspace(const std::string& name, Diagnostics& diags) {
  if (!check_workspace_name(name, diags)) return false;
  if (name == "default" || name == settings_.names.workspace) {
    diags.error("Cannot delete workspace " + quote(name),
                name == "default" ? "The default workspace always exists."
                                  : "It is the current workspace; select another one first.");
    return false;
  }
  KubeBackendSettings other = settings_;
  other.names.workspace = name;
  KubeBackend them(other, inner_, clock_, cipher_);
  ApiResult head = client_->get(them.secret_path(other.names.state_secret()));
  if (head.not_found()) {
    diags.error("Workspace " + quote(name) + " does not exist",
                "There is no Secret " + other.names.ns + "/" + other.names.state_secret() + ".");
    return false;
  }
  LockInfo info = new_lock_info("workspace delete", *clock_);
  if (!head.ok() || !them.lock(info, std::chrono::milliseconds(0), diags).acquired) {
    if (!head.ok()) diags.error("Cannot delete workspace " + quote(name), failure(head, "reading"));
    return false;
  }
  ApiResult r = client_->send("DELETE", them.secret_path(other.names.state_secret()), {},
                              delete_options(kube::resource_version_of(head.body)).dump(),
                              "application/json", false);
  bool ok = r.ok() || r.not_found();
  if (!ok)
    diags.error("Cannot delete workspace " + quote(name),
                failure(r, "deleting Secret " + other.names.state_secret()));
  else
    them.remove_stale_parts(UINT64_MAX, "");
  them.unlock(info.id, diags);
  return ok;
}

std::vector<LockInfo> KubeBackend::locks(Diagnostics& diags) {
  return kube::list_lease_locks(*client_, settings_.names, *clock_, diags);
}

}  // namespace fedplan
