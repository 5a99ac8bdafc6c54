// The kube state backend against a real fedplan-sandbox: the backend contract, state split
// across Secrets past 1 MiB, refused concurrent writes, the Lease lock (renewal, takeover after
// a SIGKILL), settings errors before anything changes, and what kubectl sees.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <thread>

#include "base/base64.h"
#include "base/http/beast_transport.h"
#include "base/kube/kubeconfig.h"
#include "providers/kube/testing/sandbox_process.h"
#include "state/gzip.h"
#include "state/kube/kube_backend.h"
#include "state/testing/backend_contract.h"
#include "state/uuid.h"

namespace fedplan {
namespace {

using kube::testing::SandboxProcess;
using nlohmann::json;

// The first error's summary and detail ("" when none).
std::string first_error(const Diagnostics& d) {
  for (const auto& i : d.items)
    if (i.severity == Severity::Error) return i.summary + " | " + i.detail;
  return "";
}

// One sandbox per test case (ctest runs each case in its own process), and a REST client on
// it for looking at the objects the backend made.
struct Cluster {
  SandboxProcess sandbox{kube::testing::sandbox_binary(), {"--bare"}};
  SystemClock clock;
  std::unique_ptr<kube::KubeClient> client;

  Cluster() {
    kube::KubeconfigResult k = kube::load_kubeconfig(sandbox.kubeconfig(), "");
    REQUIRE(k.ok());
    std::string err;
    std::shared_ptr<HttpTransport> t = make_beast_transport(k.access.tls, {}, &err);
    REQUIRE(t);
    client = std::make_unique<kube::KubeClient>(k.access, t, clock, 4);
  }

  BackendConfig config(const std::string& suffix, const std::string& workspace = "default") {
    BackendConfig c;
    c.type = "kube";
    c.origin = "test";
    c.workspace = workspace;
    c.settings["config_path"] = {Value::string(sandbox.kubeconfig()), "test"};
    c.settings["secret_suffix"] = {Value::string(suffix), "test"};
    return c;
  }
  std::unique_ptr<KubeBackend> open(const BackendConfig& c, Diagnostics& diags) {
    return open_kube_backend(c, BackendContext{".", &clock, nullptr}, diags);
  }
  std::unique_ptr<KubeBackend> open(const std::string& suffix) {
    Diagnostics diags;
    auto b = open(config(suffix), diags);
    INFO(first_error(diags));
    REQUIRE(b);
    return b;
  }
  // The names of Secrets (or Leases) fedplan made for `suffix`.
  std::vector<std::string> names(const std::string& resource, const std::string& suffix) {
    std::string group = resource == "leases" ? "coordination.k8s.io" : "";
    kube::ApiResult r = client->list(kube::resource_path(group, "v1", resource, "default", ""),
                                     {{"labelSelector", "fedplan.io/state-suffix=" + suffix}});
    REQUIRE(r.ok());
    std::vector<std::string> out;
    for (const json& item : r.body["items"]) out.push_back(item["metadata"]["name"]);
    return out;
  }
  json secret(const std::string& name) {
    kube::ApiResult r = client->get(kube::resource_path("", "v1", "secrets", "default", name));
    return r.ok() ? r.body : json();
  }
};

InstanceState instance(const std::string& address, const std::string& value) {
  std::string err;
  InstanceState s;
  s.addr = *parse_instance(address, &err);
  s.provider = *parse_provider("kube.mesh1", &err);
  s.attributes = {{"value", value}};
  return s;
}

// Text that gzip cannot shrink much: base64 of random bytes.
std::string noise(size_t bytes, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string raw(bytes, '\0');
  for (char& c : raw) c = static_cast<char>(rng());
  return base64_encode(raw);
}

TEST_CASE("the kube backend keeps the backend rules") {
  Cluster c;
  kube::StateObjectNames names{"default", "default", "contract", {}};
  std::string path = kube::resource_path("", "v1", "secrets", "default", names.state_secret());
  testing::BackendFixture f{
      "kube", [&]() -> std::unique_ptr<StateBackend> { return c.open("contract"); },
      [&](const std::string& text) {
        // Planted as fedplan would store it, over whatever is there.
        kube::StateWriteInfo info{new_uuid(), 1, 0, "planted", false};
        json s = kube::state_secret_manifest(names, info, 0, gzip_compress(text));
        kube::ApiResult r = c.client->send("PUT", path, {}, s.dump(), "application/json", true);
        REQUIRE(r.ok());
      },
      [&]() -> std::optional<std::string> {
        json s = c.secret(names.state_secret());
        if (s.is_null()) return std::nullopt;
        std::string err;
        auto chunk = kube::read_state_secret(s, &err);
        REQUIRE(chunk);
        return gzip_decompress(chunk->bytes, 1 << 30, &err);
      }};
  testing::check_backend_contract(f);
  // The state Secret is what a cluster would hold: typed, labelled, gzip in data.state.
  json s = c.secret(names.state_secret());
  CHECK(s["type"] == "fedplan.io/state");
  CHECK(s["metadata"]["labels"]["fedplan.io/workspace"] == "default");
  CHECK(s["metadata"]["labels"]["fedplan.io/state-suffix"] == "contract");
}

TEST_CASE("with a state key the Secrets hold sealed bytes, which only that key opens") {
  Cluster c;
  StateCipher cipher(std::string(32, 'k'), "", false);
  Diagnostics diags;
  auto sealed =
      open_kube_backend(c.config("sealed"), BackendContext{".", &c.clock, &cipher}, diags);
  REQUIRE(sealed);
  State s = *sealed->read(diags);
  s.set(instance("kube_object.secret", "peer CA"));
  REQUIRE(sealed->write(s, diags));
  json secret = c.secret("fedplan-state-default-sealed");
  CHECK(secret["metadata"]["annotations"]["fedplan.io/encoding"] == "gzip,sealed");
  std::string err;
  auto chunk = kube::read_state_secret(secret, &err);
  REQUIRE(chunk);
  CHECK(is_sealed(chunk->bytes));
  CHECK(encode_state(*sealed->read(diags)) == encode_state(s));
  Diagnostics keyless;
  CHECK_FALSE(c.open("sealed")->read(keyless));
  CHECK(keyless.has_errors());
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("a state over 1 MiB compressed is split across Secrets and read back whole") {
  Cluster c;
  auto b = c.open("big");
  Diagnostics diags;
  State s = *b->read(diags);
  s.set(instance("kube_object.big", noise(1200 * 1024, 1)));  // ~1.6 MB, ~1.2 MB gzipped
  REQUIRE(b->write(s, diags));
  std::vector<std::string> secrets = c.names("secrets", "big");
  REQUIRE(secrets.size() == 2);
  CHECK(c.secret("fedplan-state-default-big")["metadata"]["annotations"]["fedplan.io/parts"] ==
        "2");
  auto back = c.open("big")->read(diags);
  REQUIRE(back);
  CHECK(encode_state(*back) == encode_state(s));

  // Three parts, then one again: parts no state points at any more are removed.
  s.set(instance("kube_object.more", noise(900 * 1024, 2)));
  REQUIRE(b->write(s, diags));
  CHECK(c.names("secrets", "big").size() == 3);
  CHECK(encode_state(*c.open("big")->read(diags)) == encode_state(s));
  s.remove(*parse_instance("kube_object.big", nullptr));
  s.remove(*parse_instance("kube_object.more", nullptr));
  REQUIRE(b->write(s, diags));
  CHECK(c.names("secrets", "big") == std::vector<std::string>{"fedplan-state-default-big"});
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("a part that belongs to another write makes the read fail clearly") {
  Cluster c;
  auto b = c.open("mixed");
  Diagnostics diags;
  State s = *b->read(diags);
  s.set(instance("kube_object.big", noise(1200 * 1024, 3)));
  REQUIRE(b->write(s, diags));
  std::string part;
  for (const std::string& n : c.names("secrets", "mixed"))
    if (n.find("-part-") != std::string::npos) part = n;
  REQUIRE_FALSE(part.empty());
  kube::ApiResult r =
      c.client->send("PATCH", kube::resource_path("", "v1", "secrets", "default", part), {},
                     R"({"metadata":{"annotations":{"fedplan.io/write-id":"someone-else"}}})",
                     "application/merge-patch+json", true);
  REQUIRE(r.ok());
  Diagnostics bad;
  CHECK_FALSE(c.open("mixed")->read(bad));
  std::string e = first_error(bad);
  CHECK(e.find("part Secret " + part + " is missing or not the state's") != std::string::npos);
  // And a write does not go over a state it cannot read.
  Diagnostics refused;
  CHECK_FALSE(c.open("mixed")->write(s, refused));
  CHECK(first_error(refused).find("Refusing to overwrite") != std::string::npos);
}

TEST_CASE("of two runs writing at once one wins and the other is refused") {
  Cluster c;
  auto first = c.open("race");
  Diagnostics diags;
  State s0 = *first->read(diags);
  REQUIRE(first->write(s0, diags));
  auto a = c.open("race"), b = c.open("race");
  State sa = *a->read(diags), sb = *b->read(diags);
  sa.set(instance("kube_object.a", noise(1100 * 1024, 4)));  // split: parts, then the head
  sb.set(instance("kube_object.b", noise(1100 * 1024, 5)));
  Diagnostics da, db;
  bool wa = false, wb = false;
  std::thread ta([&] { wa = a->write(sa, da); });
  std::thread tb([&] { wb = b->write(sb, db); });
  ta.join();
  tb.join();
  CHECK(wa != wb);
  const Diagnostics& lost = wa ? db : da;
  CHECK(first_error(lost).find("changed since it was read") != std::string::npos);
  auto back = c.open("race")->read(diags);
  REQUIRE(back);
  CHECK(encode_state(*back) == encode_state(wa ? sa : sb));
}

TEST_CASE("the lock Lease is renewed while its run lives") {
  Cluster c;
  BackendConfig cfg = c.config("renew");
  cfg.settings["lock_duration"] = {Value::string("3s"), "test"};
  Diagnostics diags;
  auto holder = c.open(cfg, diags);
  REQUIRE(holder);
  LockInfo info = new_lock_info("apply", c.clock);
  REQUIRE(holder->lock(info, std::chrono::milliseconds(0), diags).acquired);
  std::string lease = kube::resource_path("coordination.k8s.io", "v1", "leases", "default",
                                          "fedplan-lock-default-renew");
  json before = c.client->get(lease).body;
  CHECK(before["spec"]["holderIdentity"] == info.id);
  CHECK(before["spec"]["leaseDurationSeconds"] == 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));  // past the first lease
  json after = c.client->get(lease).body;
  CHECK(after["spec"]["renewTime"] != before["spec"]["renewTime"]);
  CHECK(after["spec"]["acquireTime"] == before["spec"]["acquireTime"]);
  Diagnostics busy;
  auto other = c.open(cfg, diags);
  LockResult r = other->lock(new_lock_info("plan", c.clock), std::chrono::milliseconds(0), busy);
  CHECK_FALSE(r.acquired);
  REQUIRE(r.holder);
  CHECK(r.holder->id == info.id);
  CHECK(first_error(busy).find("state is locked by") != std::string::npos);
  // locks() lists it with its expiry; a force-unlock of a live lock needs -force.
  std::vector<LockInfo> locks = other->locks(diags);
  REQUIRE(locks.size() == 1);
  CHECK(locks[0].workspace == "default");
  CHECK_FALSE(locks[0].expires.empty());
  CHECK_FALSE(locks[0].stale);
  Diagnostics live;
  CHECK_FALSE(other->force_unlock(info.id, false, live));
  CHECK(first_error(live).find("held by a running process") != std::string::npos);
  REQUIRE(holder->unlock(info.id, diags));
  CHECK(c.names("leases", "renew").empty());
}

TEST_CASE("a run whose lock was broken has its later writes refused") {
  Cluster c;
  BackendConfig cfg = c.config("broken");
  cfg.settings["lock_duration"] = {Value::string("3s"), "test"};
  Diagnostics diags;
  auto holder = c.open(cfg, diags);
  REQUIRE(holder);
  LockInfo info = new_lock_info("apply", c.clock);
  REQUIRE(holder->lock(info, std::chrono::milliseconds(0), diags).acquired);
  State s = *holder->read(diags);
  REQUIRE(holder->write(s, diags));
  Diagnostics broke;
  REQUIRE(c.open(cfg, diags)->force_unlock(info.id, true, broke));
  CHECK(broke.items.at(0).summary == "Broke the state lock held by a running process");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the next renewal
  Diagnostics refused;
  CHECK_FALSE(holder->write(s, refused));
  CHECK(first_error(refused).find("this run lost its lock | Since the lock Lease "
                                  "default/fedplan-lock-default-broken was deleted") !=
        std::string::npos);
}

TEST_CASE("a lock held by a killed run is taken over once its lease lapses") {
  Cluster c;
  BackendConfig cfg = c.config("takeover");
  cfg.settings["lock_duration"] = {Value::string("3s"), "test"};
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child takes the lock, says so, and runs (renewing) until it is killed.
    Diagnostics d;
    auto b = c.open(cfg, d);
    LockInfo info = new_lock_info("apply", c.clock);
    bool ok = b && b->lock(info, std::chrono::milliseconds(0), d).acquired;
    char msg = ok ? '1' : '0';
    if (write(ready[1], &msg, 1) != 1) _exit(2);
    while (ok) pause();
    _exit(1);
  }
  close(ready[1]);
  char msg = 0;
  REQUIRE(read(ready[0], &msg, 1) == 1);
  REQUIRE(msg == '1');
  Diagnostics diags;
  auto b = c.open(cfg, diags);
  Diagnostics busy;
  CHECK_FALSE(b->lock(new_lock_info("plan", c.clock), std::chrono::milliseconds(0), busy).acquired);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  Diagnostics taken;
  LockInfo mine = new_lock_info("apply", c.clock);
  auto start = std::chrono::steady_clock::now();
  REQUIRE(b->lock(mine, std::chrono::seconds(10), taken).acquired);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(taken.items.size() == 1);
  CHECK(taken.items[0].summary == "Took over the state lock of a run that stopped renewing it");
  CHECK(taken.items[0].detail.find("pid " + std::to_string(child)) != std::string::npos);
  json lease = c.client
                   ->get(kube::resource_path("coordination.k8s.io", "v1", "leases", "default",
                                             "fedplan-lock-default-takeover"))
                   .body;
  CHECK(lease["spec"]["holderIdentity"] == mine.id);
  CHECK(lease["spec"]["leaseTransitions"] == 1);
  REQUIRE(b->unlock(mine.id, diags));
}

TEST_CASE("bad kube backend settings are clear errors before anything changes") {
  Cluster c;
  auto error_for = [&](BackendConfig cfg) {
    Diagnostics d;
    CHECK_FALSE(c.open(cfg, d));
    return first_error(d);
  };
  BackendConfig typo = c.config("bad");
  typo.settings["namepsace"] = {Value::string("x"), "main.fed.hcl:4:5"};
  std::string e = error_for(typo);
  CHECK(e.find("Unsupported backend setting") != std::string::npos);
  CHECK(e.find("namespace") != std::string::npos);

  BackendConfig wrong_type = c.config("bad");
  wrong_type.settings["lock_duration"] = {Value::boolean(true), "main.fed.hcl:5:5"};
  CHECK(error_for(wrong_type).find("lock_duration") != std::string::npos);

  BackendConfig no_suffix = c.config("bad");
  no_suffix.settings.erase("secret_suffix");
  CHECK(error_for(no_suffix).find("needs secret_suffix") != std::string::npos);

  BackendConfig unreachable = c.config("bad");
  unreachable.settings.erase("config_path");
  unreachable.settings["host"] = {Value::string("https://127.0.0.1:1"), "main.fed.hcl:3:5"};
  e = error_for(unreachable);
  CHECK(e.find("is not reachable") != std::string::npos);
  CHECK(e.find("host (main.fed.hcl:3:5)") != std::string::npos);

  // The sandbox's certificate is not signed by this CA (a made-up one from a kubeconfig of
  // another sandbox would do too): the TLS check fails and names the setting.
  SandboxProcess other(kube::testing::sandbox_binary(), {"--bare"});
  kube::KubeconfigResult k = kube::load_kubeconfig(other.kubeconfig(), "");
  REQUIRE(k.ok());
  BackendConfig wrong_ca = c.config("bad");
  wrong_ca.settings.erase("config_path");
  wrong_ca.settings["host"] = {Value::string(c.sandbox.server()), "main.fed.hcl:3:5"};
  wrong_ca.settings["cluster_ca_certificate"] = {Value::string(k.access.tls.ca_pem),
                                                 "main.fed.hcl:4:5"};
  e = error_for(wrong_ca);
  CHECK(e.find("certificate authority") != std::string::npos);
  CHECK(e.find("cluster_ca_certificate (main.fed.hcl:4:5)") != std::string::npos);

  BackendConfig no_ns = c.config("bad");
  no_ns.settings["namespace"] = {Value::string("missing"), "main.fed.hcl:6:5"};
  CHECK(error_for(no_ns).find("namespace \"missing\" does not exist") != std::string::npos);

  CHECK(c.names("secrets", "bad").empty());
  CHECK(c.names("leases", "bad").empty());
}

TEST_CASE("workspaces are state Secrets by label and can be deleted") {
  Cluster c;
  Diagnostics diags;
  auto staging = c.open(c.config("ws", "staging"), diags);
  REQUIRE(staging);
  REQUIRE(staging->create_workspace(diags));
  auto def = c.open("ws");
  CHECK(def->workspaces(diags) == std::vector<std::string>{"default", "staging"});
  Diagnostics current;
  CHECK_FALSE(staging->delete_workspace("staging", current));
  LockInfo info = new_lock_info("apply", c.clock);
  REQUIRE(staging->lock(info, std::chrono::milliseconds(0), diags).acquired);
  Diagnostics locked;
  CHECK_FALSE(def->delete_workspace("staging", locked));
  CHECK(first_error(locked).find("state is locked by") != std::string::npos);
  REQUIRE(staging->unlock(info.id, diags));
  REQUIRE(def->delete_workspace("staging", diags));
  CHECK(def->workspaces(diags) == std::vector<std::string>{"default"});
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("kubectl sees the state Secret and the lock Lease as a cluster would hold them") {
  if (access("/usr/bin/kubectl", X_OK) != 0) {
    MESSAGE("kubectl is not installed");
    return;
  }
  Cluster c;
  auto b = c.open("seen");
  Diagnostics diags;
  State s = *b->read(diags);
  REQUIRE(b->write(s, diags));
  LockInfo info = new_lock_info("apply", c.clock);
  REQUIRE(b->lock(info, std::chrono::milliseconds(0), diags).acquired);
  std::string cmd = "/usr/bin/kubectl --kubeconfig " + c.sandbox.kubeconfig() +
                    " get secrets,leases -l fedplan.io/state-suffix=seen -o "
                    "custom-columns=KIND:.kind,NAME:.metadata.name,TYPE:.type,"
                    "HOLDER:.spec.holderIdentity,WS:.metadata.labels.fedplan\\.io/workspace 2>&1";
  std::FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  CHECK(pclose(p) == 0);
  INFO(out);
  CHECK(out.find("Secret   fedplan-state-default-seen   fedplan.io/state   <none>") !=
        std::string::npos);
  CHECK(out.find("Lease    fedplan-lock-default-seen    <none>             " + info.id) !=
        std::string::npos);
  REQUIRE(b->unlock(info.id, diags));
}

}  // namespace
}  // namespace fedplan
